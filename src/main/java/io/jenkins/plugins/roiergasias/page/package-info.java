/**
 * What a user reads of a run in Jenkins, kept free of Jenkins so that it is unit-tested: the console's
 * lines, the live report on the build page, the run's messages, the Checks text, the dry-run plan and
 * the dashboard links.
 */
package io.jenkins.plugins.roiergasias.page;
