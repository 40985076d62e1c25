/**
 * Jenkins-free helpers of the Jenkins layer, kept here so that they are unit-tested without
 * Jenkins: merging step options with the global defaults and validating them, reading timeouts,
 * turning a key store into PEM, the console's line format and the live report of a run.
 */
package io.jenkins.plugins.roiergasias.settings;
