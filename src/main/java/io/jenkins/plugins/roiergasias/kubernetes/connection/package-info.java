/** The connection to the API server: settings and credentials, the client, retries with backoff, API errors in words, the permission check. */
package io.jenkins.plugins.roiergasias.kubernetes.connection;
