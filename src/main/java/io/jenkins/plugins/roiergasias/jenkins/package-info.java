/**
 * The Jenkins layer: the {@code roiergasias} Pipeline step, the freestyle build step, the global
 * configuration, credentials and the build page. Thin adapters from Jenkins objects to engine
 * calls; the decisions live in the engine ({@code settings}, {@code timeline}, {@code kubernetes}).
 */
package io.jenkins.plugins.roiergasias.jenkins;
