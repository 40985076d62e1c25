package io.jenkins.plugins.roiergasias.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import io.jenkins.plugins.roiergasias.settings.ClientCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The Jenkins credentials roiergasias accepts and their conversion to the engine's
 * {@link Credential}: Secret text (a bearer token, e.g. a ServiceAccount token), Secret file (a
 * kubeconfig), Username with password, and Certificate (a PKCS#12 key store, sent as a client
 * certificate). Secrets are read only to build the engine's credential, never printed.
 */
final class KubernetesCredentials {
    /** The kinds of credentials offered in the drop-down lists. */
    static final CredentialsMatcher ACCEPTED = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(StringCredentials.class),
            CredentialsMatchers.instanceOf(FileCredentials.class),
            CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class),
            CredentialsMatchers.instanceOf(StandardCertificateCredentials.class));

    /**
     * The kinds offered globally. SYSTEM-scoped credentials are left out: the global lookup (as
     * {@code ACL.SYSTEM2} on Jenkins itself) sees them, but a build looks its credential up in the
     * job's context, where they are not visible, and would fail with "no credentials".
     */
    static final CredentialsMatcher ACCEPTED_FOR_BUILDS = CredentialsMatchers.allOf(
            ACCEPTED, CredentialsMatchers.not(CredentialsMatchers.withScope(CredentialsScope.SYSTEM)));

    private KubernetesCredentials() {}

    /** Looks a credential up for a build (credentials parameters included), records its use, converts it. */
    @NonNull
    static Credential forRun(@NonNull Run<?, ?> run, @NonNull String id) throws IOException, InterruptedException {
        StandardCredentials c = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        if (c == null) {
            throw new AbortException(Messages.KubernetesCredentials_notFound(id, run.getParent().getFullName()));
        }
        CredentialsProvider.track(run, c);
        return convert(c);
    }

    /**
     * Looks a credential up in the global store, for the global configuration's "Test connection":
     * only one that builds can use too.
     */
    @CheckForNull
    static StandardCredentials global(@NonNull String id) {
        return CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(
                        StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of()),
                CredentialsMatchers.allOf(CredentialsMatchers.withId(id), ACCEPTED_FOR_BUILDS));
    }

    @NonNull
    static Credential convert(@NonNull StandardCredentials c) throws IOException, InterruptedException {
        if (c instanceof StringCredentials token) {
            return new Credential.Token(token.getSecret().getPlainText().strip());
        }
        if (c instanceof FileCredentials file) {
            try (InputStream in = file.getContent()) {
                return new Credential.Kubeconfig(new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
            }
        }
        if (c instanceof StandardUsernamePasswordCredentials up) {
            return new Credential.UsernamePassword(up.getUsername(), up.getPassword().getPlainText());
        }
        if (c instanceof StandardCertificateCredentials cert) {
            try {
                return ClientCertificates.fromKeyStore(
                        cert.getKeyStore(), cert.getPassword().getPlainText().toCharArray());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new AbortException(Messages.KubernetesCredentials_badCertificate(c.getId(), e.getMessage()));
            }
        }
        throw new AbortException(
                Messages.KubernetesCredentials_unsupported(c.getId(), c.getDescriptor().getDisplayName()));
    }

    /**
     * The credentials a user may pick, following the credentials consumer guide: nothing but the
     * current value for someone who may not configure the item (or Jenkins, for the global
     * configuration).
     */
    static ListBoxModel fillItems(@CheckForNull Item item, @CheckForNull String credentialsId) {
        String current = Util.fixNull(credentialsId);
        StandardListBoxModel result = new StandardListBoxModel();
        if (item == null) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(current);
            }
            return result.includeEmptyValue()
                    .includeMatchingAs(
                            ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(), ACCEPTED_FOR_BUILDS)
                    .includeCurrentValue(current);
        }
        if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return result.includeCurrentValue(current);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(
                        item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2,
                        item,
                        StandardCredentials.class,
                        List.of(),
                        ACCEPTED)
                .includeCurrentValue(current);
    }

    /** Whether the chosen credential exists; silent for someone who may not list credentials. */
    static FormValidation check(@CheckForNull Item item, @CheckForNull String value) {
        if (item == null ? !Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : !item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return FormValidation.ok();
        }
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.ok();
        }
        if (id.startsWith("${") && id.endsWith("}")) {
            return FormValidation.warning(Messages.KubernetesCredentials_expression());
        }
        boolean found = item == null
                ? global(id) != null
                : !CredentialsProvider.listCredentialsInItem(
                                StandardCredentials.class,
                                item,
                                item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2,
                                List.of(),
                                CredentialsMatchers.allOf(CredentialsMatchers.withId(id), ACCEPTED))
                        .isEmpty();
        return found ? FormValidation.ok() : FormValidation.error(Messages.KubernetesCredentials_notFoundHere(id));
    }
}
