/** Streaming a pod's container log: the HTTP log source, the follower that resumes dropped connections, the reader and the delivered position. */
package io.jenkins.plugins.roiergasias.kubernetes.logs;
