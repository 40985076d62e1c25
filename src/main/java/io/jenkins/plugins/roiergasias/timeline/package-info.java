/** The timeline picture of a run's segments, as geometry ready to draw (the build page renders it as SVG). */
package io.jenkins.plugins.roiergasias.timeline;
