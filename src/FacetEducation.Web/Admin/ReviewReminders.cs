using System.Globalization;
using System.Text;
using FacetEducation.Web.Content;
using FacetEducation.Web.Hosting;
using FacetEducation.Web.Seo;

namespace FacetEducation.Web.Admin;

/// <summary>
/// Tells reviewers what waits for them, by email, when they gave an address
/// (<c>Editor:Accounts:N:Email</c>): each version of a condition article that waits for sign-off,
/// and each review coming due (<see cref="ReviewDue.FirstReminderDays"/> and
/// <see cref="ReviewDue.SecondReminderDays"/> days before). It looks at start-up, when a version is
/// saved for sign-off (<see cref="Wake"/>) and every hour on the site's clock (so a new day is
/// noticed), and queues into the mail outbox under a key per reviewer and event: the outbox refuses
/// a key it has, so each email goes once, however often it looks or the site restarts. Without any
/// address, or with the outbox paused, it does nothing and the dashboard alone reminds.
/// </summary>
public sealed class ReviewReminders(
    EditorAccounts accounts,
    RevisionStore revisions,
    ScheduledPublications schedules,
    ContentStore store,
    ClinicClock clock,
    SiteUrls urls,
    DeferredWork deferred,
    TimeProvider time,
    IServiceProvider services,
    ILogger<ReviewReminders> logger) : BackgroundService
{
    /// <summary>How long it waits between looks when nothing wakes it.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Look now (a version was just saved for sign-off), rather than at the next hour.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: the next look sees every pending version.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await deferred.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The next look tries again; the exception's text is not logged (it may quote an address).
                logger.LogError("Reviewer reminders could not be queued ({ErrorType}); trying again at the next look", ex.GetType().Name);
            }

            using var timer = new CancellationTokenSource(Interval, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, stoppingToken);
            try
            {
                await _wake.WaitAsync(either.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The hour is up: look again.
            }
        }
    }

    /// <summary>One look; returns how many emails were queued (none already queued is queued again).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var reviewers = accounts.ReviewersWithEmail;
        if (reviewers.Count == 0 || services.GetService<IEditorMail>() is not { Available: true } mail)
        {
            return 0;
        }

        var queued = 0;
        if (!revisions.Paused)
        {
            // A version signed off to go live later waits for its time, not for a reviewer.
            var scheduled = (await schedules.ListOpenAsync(cancellationToken)).Select(s => s.Revision).ToHashSet();
            foreach (var pending in await revisions.NewestPendingAsync(cancellationToken))
            {
                if (!DocumentId.TryFromRelativePath(pending.Path, out var id) || id.Kind != ArticleKind.Condition || scheduled.Contains(pending.Id))
                {
                    continue;
                }

                // The reviewer who saved it knows already.
                foreach (var reviewer in reviewers.Where(r => !string.Equals(r.UserName, pending.Author, StringComparison.OrdinalIgnoreCase)))
                {
                    queued += await QueueAsync(mail, SignOffRequest(id, pending, reviewer), cancellationToken);
                }
            }
        }

        var today = clock.Today;
        foreach (var article in store.Current.Published.Where(a => a.Kind == ArticleKind.Condition))
        {
            if (article.NextReviewDue is not { } due || ReviewDue.ReminderStage(due, today) is not { } stage)
            {
                continue;
            }

            foreach (var reviewer in reviewers)
            {
                queued += await QueueAsync(mail, Reminder(article, due, stage, today, reviewer), cancellationToken);
            }
        }

        return queued;
    }

    private async Task<int> QueueAsync(IEditorMail mail, EditorEmail email, CancellationToken cancellationToken)
    {
        if (!await mail.QueueAsync(email, cancellationToken))
        {
            return 0;
        }

        logger.LogInformation("Queued {Kind} email {Key}", email.Kind, email.Key);
        return 1;
    }

    /// <summary>One per reviewer and pending version: a newer version asks again, the same one never.</summary>
    private EditorEmail SignOffRequest(DocumentId id, Revision pending, EditorAccount reviewer)
    {
        var title = DocumentText.ReadFrontMatter(DocumentText.Split(pending.Text).Yaml, out _)?.Title ?? id.Slug;
        var body = new StringBuilder();
        body.AppendLine(CultureInfo.InvariantCulture, $"Hello {reviewer.DisplayName},");
        body.AppendLine();
        body.AppendLine(CultureInfo.InvariantCulture, $"{pending.AuthorName ?? "Someone"} saved a new version of “{title}” (content/{id.RelativePath}) on {Dates.Time(pending.Created, clock.TimeZone)}.");
        body.AppendLine("It waits for a reviewer's sign-off: the public page keeps the last signed-off version until then.");
        body.AppendLine();
        body.AppendLine(CultureInfo.InvariantCulture, $"What changed: “{pending.Summary}”{(pending.Minor ? " (marked as a minor change)" : "")}");
        body.AppendLine();
        body.AppendLine(CultureInfo.InvariantCulture, $"Read it and sign it off: {urls.Absolute(id.EditUrl)}");
        body.AppendLine(CultureInfo.InvariantCulture, $"Everything waiting for your sign-off: {urls.Absolute("/admin?show=sign-off")}");
        Footer(body);
        return new EditorEmail(
            $"sign-off:{id.RelativePath}:{pending.Id}:{reviewer.UserName.ToLowerInvariant()}",
            EditorEmailKind.SignOffRequest, reviewer.DisplayName, reviewer.Email!.Trim(),
            $"Waiting for your sign-off: {title}",
            body.ToString(),
            $"To {reviewer.DisplayName}: version {pending.Id} of content/{id.RelativePath} waits for sign-off");
    }

    /// <summary>One per reviewer, review date and stage: a new review date (after a sign-off) starts again.</summary>
    private EditorEmail Reminder(Article article, DateOnly due, int stage, DateOnly today, EditorAccount reviewer)
    {
        var daysLeft = due.DayNumber - today.DayNumber;
        var when = daysLeft > 0 ? $"is due on {Dates.Long(due)}, in {daysLeft} day{(daysLeft == 1 ? "" : "s")}"
            : daysLeft == 0 ? $"is due today, {Dates.Long(due)}"
            : $"was due on {Dates.Long(due)}, {-daysLeft} day{(daysLeft == -1 ? "" : "s")} ago";
        var id = DocumentId.TryFromRelativePath(article.SourcePath, out var document) ? document : null;
        var body = new StringBuilder();
        body.AppendLine(CultureInfo.InvariantCulture, $"Hello {reviewer.DisplayName},");
        body.AppendLine();
        body.AppendLine(CultureInfo.InvariantCulture, $"The clinical review of “{article.Title}” (content/{article.SourcePath}) {when}.");
        body.AppendLine("Read it with its sources as a clinician, change what needs changing, and sign it off as a full review.");
        body.AppendLine();
        if (id is not null)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"Open it in the editor: {urls.Absolute(id.EditUrl)}");
        }

        body.AppendLine(CultureInfo.InvariantCulture, $"Reviews due within {ReviewDue.FirstReminderDays} days: {urls.Absolute("/admin?show=due-soon")}");
        Footer(body);
        return new EditorEmail(
            $"review-due:{article.SourcePath}:{Dates.Iso(due)}:{stage}:{reviewer.UserName.ToLowerInvariant()}",
            EditorEmailKind.ReviewReminder, reviewer.DisplayName, reviewer.Email!.Trim(),
            daysLeft >= 0 ? $"Review due on {Dates.Long(due)}: {article.Title}" : $"Review overdue since {Dates.Long(due)}: {article.Title}",
            body.ToString(),
            $"To {reviewer.DisplayName}: the {stage}-day review reminder for content/{article.SourcePath}");
    }

    private void Footer(StringBuilder body)
    {
        body.AppendLine();
        body.AppendLine(CultureInfo.InvariantCulture, $"The {store.Current.Clinic.Name} website. You get these emails because your editor account has this address; without it, the dashboard lists the same.");
    }
}
