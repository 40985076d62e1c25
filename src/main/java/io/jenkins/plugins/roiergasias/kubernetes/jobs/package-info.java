/**
 * What a run's Kubernetes objects are: run ids, names and labels, Job options, the user's template
 * (read, merged per node, checked by the step-template policy), the restricted pod defaults, each
 * segment's Job and ConfigMap rendered.
 */
package io.jenkins.plugins.roiergasias.kubernetes.jobs;
