package io.jenkins.plugins.roiergasias.page;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An administrator's URL template that turns the build page's Job and pod names into links to a
 * cluster dashboard, e.g. {@code https://dashboard.example/#/{kind}/{namespace}/{name}}. Placeholders:
 * {@code {kind}} ({@code job} or {@code pod}), {@code {namespace}} and {@code {name}}; each value is
 * URL-encoded, so none can change the link's scheme, host or path structure. Only absolute
 * {@code http} and {@code https} URLs are accepted: no {@code javascript:} link reaches a page.
 */
public final class LinkTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Set<String> NAMES = Set.of("kind", "namespace", "name");

    private final String template;

    private LinkTemplate(String template) {
        this.template = template;
    }

    /** The template, or null when none is set or it is not usable (see {@link #problem}). */
    @CheckForNull
    public static LinkTemplate of(@CheckForNull String template) {
        if (template == null || template.isBlank() || problem(template) != null) {
            return null;
        }
        return new LinkTemplate(template.strip());
    }

    /** Why the template cannot be used, or null when it can (or is empty: no links). */
    @CheckForNull
    public static String problem(@CheckForNull String template) {
        if (template == null || template.isBlank()) {
            return null;
        }
        String t = template.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return "The link template must start with http:// or https://.";
        }
        Matcher m = PLACEHOLDER.matcher(t);
        while (m.find()) {
            if (!NAMES.contains(m.group(1))) {
                return "Unknown placeholder {" + m.group(1) + "}: use {kind}, {namespace} and {name}.";
            }
        }
        if (!t.contains("{name}")) {
            return "The link template needs {name}, the Job's or pod's name.";
        }
        try {
            URI uri = new URI(fill(t, "job", "ns", "name"));
            if (uri.getHost() == null) {
                return "The link template has no host.";
            }
        } catch (URISyntaxException e) {
            return "The link template is not a URL: " + e.getMessage();
        }
        return null;
    }

    /**
     * The link to a Job or pod, or null when its name or namespace is not known (yet).
     *
     * @param kind {@code job} or {@code pod}
     */
    @CheckForNull
    public String link(String kind, @CheckForNull String namespace, @CheckForNull String name) {
        if (namespace == null || name == null || name.isEmpty()) {
            return null;
        }
        return fill(template, encode(kind), encode(namespace), encode(name));
    }

    private static String fill(String template, String kind, String namespace, String name) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "kind" -> kind;
                case "namespace" -> namespace;
                default -> name;
            };
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Percent-encoding for a path segment or fragment: a space is %20, never +. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
