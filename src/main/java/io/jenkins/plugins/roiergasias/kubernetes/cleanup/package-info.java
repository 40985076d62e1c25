/**
 * What runs leave behind and how it is removed: {@link io.jenkins.plugins.roiergasias.kubernetes.cleanup.Leftovers}
 * finds a namespace's Jobs and ConfigMaps by the run's own labels and deletes them;
 * {@link io.jenkins.plugins.roiergasias.kubernetes.cleanup.BuildOrphans} chooses the runs of ended
 * Jenkins builds; {@link io.jenkins.plugins.roiergasias.kubernetes.cleanup.Sweeper} deletes the runs
 * older than an age. Used by the {@code sweep} command and by Jenkins' periodic sweep.
 * {@link io.jenkins.plugins.roiergasias.kubernetes.cleanup.Cleanup} deletes one segment's objects
 * when it ends.
 */
package io.jenkins.plugins.roiergasias.kubernetes.cleanup;
