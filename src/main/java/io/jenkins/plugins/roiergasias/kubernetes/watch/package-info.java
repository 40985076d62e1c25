/** Watching a segment's Job and pods: the informers, what a pod's status says, and the signal that wakes waiters on every change. */
package io.jenkins.plugins.roiergasias.kubernetes.watch;
