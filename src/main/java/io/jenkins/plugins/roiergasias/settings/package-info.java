/**
 * Jenkins-free helpers of the Jenkins layer, kept here so that they are unit-tested without
 * Jenkins: merging step options with the global defaults and validating them, reading timeouts,
 * turning a key store into PEM.
 */
package io.jenkins.plugins.roiergasias.settings;
