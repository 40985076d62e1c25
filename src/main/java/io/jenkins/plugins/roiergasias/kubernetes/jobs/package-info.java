/** What a run's Kubernetes objects are: run ids, names and labels, Job options, the user's template read, each segment's Job and ConfigMap rendered. */
package io.jenkins.plugins.roiergasias.kubernetes.jobs;
