package io.jenkins.plugins.roiergasias.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Api;
import hudson.model.Run;
import io.jenkins.plugins.roiergasias.page.LinkTemplate;
import io.jenkins.plugins.roiergasias.page.RunMessages;
import io.jenkins.plugins.roiergasias.report.RunReport;
import io.jenkins.plugins.roiergasias.report.SegmentReport;
import io.jenkins.plugins.roiergasias.report.StepReport;
import io.jenkins.plugins.roiergasias.timeline.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jenkins.model.RunAction2;
import jenkins.util.SystemProperties;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One workflow run of a build: its segments and steps on the build page ({@code summary.jelly},
 * {@code index.jelly} with the timeline) and in the REST API ({@code …/roiergasias/api/json}).
 * While the run goes on, both pages fetch their content again ({@code box.jelly}, {@code table.jelly})
 * through the {@code live.js} adjunct until the content says the run has ended.
 * A build that runs several workflows has one action each ({@code roiergasias}, {@code roiergasias-2}, …).
 * Its start and its end are handed to every {@link RunPublisher} (the Checks API), outside its locks.
 *
 * <p>The report is kept as its JSON text, which XStream stores as a plain string; the parsed
 * report is rebuilt lazily. The running step updates it live; once finished, it changes no more
 * (a late snapshot cannot turn a finished page back to "running" or to an older state).
 */
@ExportedBean(defaultVisibility = 3) // a build's api/json at depth 0 names the action, not its whole report
public class RoiergasiasAction implements RunAction2 {
    static final String URL_NAME = "roiergasias";
    /** How often a page showing a running workflow fetches its content again ({@code live.js}). */
    private static final int REFRESH_MILLIS =
            SystemProperties.getInteger(RoiergasiasAction.class.getName() + ".refreshMillis", 3000);

    private final String urlName;
    private final String source;
    private volatile String runId;
    private volatile String reportJson;
    private volatile boolean running;
    private volatile boolean dryRun;
    /** The namespace the run's Jobs are in, from the runner's first checkpoint; null before. */
    @CheckForNull
    private volatile String namespace;
    /** A dry run's objects as YAML; null for a real run. */
    @CheckForNull
    private volatile String objects;

    private transient Run<?, ?> run;
    private transient volatile RunReport report;

    RoiergasiasAction(String urlName, String source, RunReport initial) {
        this.urlName = urlName;
        this.source = source;
        this.running = true;
        this.reportJson = initial.toJson();
        this.report = initial;
    }

    /** Adds a new action for a workflow run to the build, under the next free URL, and publishes that it started. */
    @NonNull
    static RoiergasiasAction attach(@NonNull Run<?, ?> run, @NonNull String source, @NonNull RunReport initial) {
        RoiergasiasAction a;
        synchronized (RoiergasiasAction.class) {
            a = new RoiergasiasAction(nextUrl(run), source, initial);
            run.addAction(a);
        }
        RunPublisher.toAll(a);
        return a;
    }

    /**
     * Adds a finished action for a dry run: its segments with the Jobs they would have run as, and the
     * objects that would have been created, as YAML; both masked by the caller.
     */
    @NonNull
    static RoiergasiasAction attachDryRun(@NonNull Run<?, ?> run, @NonNull String source,
            @NonNull RunReport plan, @NonNull String objects) {
        synchronized (RoiergasiasAction.class) {
            RoiergasiasAction a = new RoiergasiasAction(nextUrl(run), source, plan);
            a.running = false;
            a.dryRun = true;
            a.objects = objects;
            run.addAction(a);
            return a;
        }
    }

    private static String nextUrl(Run<?, ?> run) {
        int n = run.getActions(RoiergasiasAction.class).size();
        return n == 0 ? URL_NAME : URL_NAME + "-" + (n + 1);
    }

    /**
     * The action a step created before a Jenkins restart: by its URL if the step saved it, else by
     * the run id (the build saves the action's run id before any Job carries it).
     */
    @CheckForNull
    static RoiergasiasAction find(@NonNull Run<?, ?> run, @CheckForNull String urlName, @NonNull String runId) {
        for (RoiergasiasAction a : run.getActions(RoiergasiasAction.class)) {
            if (urlName != null ? a.urlName.equals(urlName) : runId.equals(a.runId)) {
                return a;
            }
        }
        return null;
    }

    void setRunId(String runId) {
        this.runId = runId;
    }

    /** Where the run's Jobs are, once the runner knows (a kubeconfig credential may choose it). */
    void placedIn(@CheckForNull String namespace) {
        if (namespace != null) {
            this.namespace = namespace;
        }
    }

    /** A newer snapshot while the run goes on; ignored once the run has finished. */
    synchronized void update(@NonNull RunReport snapshot) {
        if (running) {
            report = snapshot;
            reportJson = snapshot.toJson();
        }
    }

    /** The final report; saved with the build by the caller. Published once the action shows it. */
    void finish(@NonNull RunReport last) {
        end(last);
        RunPublisher.toAll(this);
    }

    private synchronized void end(RunReport last) {
        report = last;
        reportJson = last.toJson();
        running = false;
    }

    /**
     * Ends a run that stopped without its final report, with the reason; the caller saves the build.
     *
     * @return whether the action was still running
     */
    boolean endWith(@NonNull String message) {
        synchronized (this) {
            if (!running) {
                return false;
            }
            end(getReport().failedWith(message));
        }
        RunPublisher.toAll(this);
        return true;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return urlName.equals(URL_NAME)
                ? Messages.RoiergasiasAction_DisplayName()
                : Messages.RoiergasiasAction_DisplayNameOf(source);
    }

    @Override
    public String getUrlName() {
        return urlName;
    }

    public Api getApi() {
        return new Api(this);
    }

    @NonNull
    public RunReport getReport() {
        RunReport r = report;
        if (r == null) {
            r = RunReport.fromJson(reportJson);
            report = r;
        }
        return r;
    }

    /** The workflow file's path, or {@code text}. */
    @Exported
    public String getSource() {
        return source;
    }

    @Exported
    public String getRunId() {
        return runId;
    }

    /**
     * {@code running} until the run ends, then {@code succeeded}, {@code failed}, {@code aborted} or
     * {@code error}; {@code dry run} when nothing was sent to a cluster.
     */
    @Exported
    public String getStatus() {
        if (dryRun) {
            return "dry run";
        }
        return running ? "running" : getReport().status().name().toLowerCase(Locale.ROOT);
    }

    @Exported
    public boolean isRunning() {
        return running;
    }

    @Exported
    public boolean isDryRun() {
        return dryRun;
    }

    @Exported
    @CheckForNull
    public String getMessage() {
        return running || dryRun ? null : RunMessages.failure(getReport());
    }

    @Exported
    @CheckForNull
    public String getNamespace() {
        return namespace;
    }

    /**
     * The link the administrator's link template makes for a Job or pod of this run, or null (no
     * template, a dry run, or the name or namespace not known yet).
     *
     * @param kind {@code job} or {@code pod}
     */
    @CheckForNull
    public String link(@NonNull String kind, @CheckForNull String name) {
        LinkTemplate t = dryRun ? null : LinkTemplate.of(RoiergasiasConfiguration.get().getLinkTemplate());
        return t == null ? null : t.link(kind, namespace, name);
    }

    /** The ConfigMaps and Jobs a dry run would have created, as YAML; null for a real run. */
    @CheckForNull
    public String getObjects() {
        return objects;
    }

    @Exported(inline = true)
    public List<ReportBeans.Segment> getSegments() {
        List<ReportBeans.Segment> list = new ArrayList<>();
        for (SegmentReport s : getReport().segments()) {
            list.add(new ReportBeans.Segment(s));
        }
        return list;
    }

    /** The first failed step, null when none failed. */
    @CheckForNull
    public ReportBeans.Step getFailedStep() {
        SegmentReport s = getReport().failedSegment();
        StepReport step = s == null ? null : s.failedStep();
        return step == null ? null : new ReportBeans.Step(step);
    }

    /** Segment counts by outcome, e.g. {@code 3 segments: 2 succeeded, 1 failed}. */
    public String getSummary() {
        return RunMessages.summary(getReport());
    }

    /** For {@code live.js}: milliseconds between two fetches of a running workflow's page. */
    public int getRefreshMillis() {
        return Math.max(500, REFRESH_MILLIS);
    }

    /** The timeline picture's geometry, at the page's time. */
    public Timeline getTimeline() {
        return Timeline.of(getReport(), Instant.now(), 900);
    }
}
