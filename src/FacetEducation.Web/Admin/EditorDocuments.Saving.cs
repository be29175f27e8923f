using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;

namespace FacetEducation.Web.Admin;

public enum SaveOutcome
{
    /// <summary>Written to <c>content/</c>: a post or page whose checks passed.</summary>
    Published,

    /// <summary>Kept as a pending revision until a reviewer signs it off (condition articles).</summary>
    AwaitingSignOff,

    /// <summary>Kept as a pending revision, not published, because the checks found errors.</summary>
    SavedWithErrors,

    /// <summary>The text is the same as the current version: nothing was saved.</summary>
    NoChange,

    /// <summary>Someone saved a newer version since this one was opened: nothing was saved.</summary>
    Stale,
}

public sealed record SaveResult(SaveOutcome Outcome, CheckReport? Report = null, Revision? Revision = null,
    DocumentState? Current = null, string? BaseText = null);

/// <summary>Saving: a new version becomes a revision, and a post or page whose checks pass goes to <c>content/</c>.</summary>
public sealed partial class EditorDocuments
{
    /// <summary>Saves a new version made from the version whose hash is <paramref name="baseHash"/>.</summary>
    public async Task<SaveResult> SaveAsync(DocumentId id, string text, string baseHash, EditorAccount author, string summary, bool minor)
    {
        text = text.ReplaceLineEndings("\n");
        var writing = await writeLock.TakeAsync();
        try
        {
            var state = await OpenLockedAsync(id);
            var currentHash = state?.WorkingHash ?? string.Empty;
            if (state is not null && !string.Equals(currentHash, baseHash ?? string.Empty, StringComparison.Ordinal))
            {
                var baseText = state?.History.LastOrDefault(r => r.Hash == baseHash)?.Text;
                return new SaveResult(SaveOutcome.Stale, Current: state, BaseText: baseText);
            }

            // Nothing changed: nothing to keep. A reviewer who reads an article and finds it right signs off
            // the live version itself ("reviewed, still correct": SignOffAsync).
            if (state is not null && Revision.HashOf(text) == currentHash)
            {
                return new SaveResult(SaveOutcome.NoChange, Current: state);
            }

            var (report, _) = Check(id, text);
            summary = string.IsNullOrWhiteSpace(summary) ? "Edited" : summary.Trim();
            // A linked folder is never written through: the save is kept, unpublished, like one with errors.
            if (id.Kind == ArticleKind.Condition)
            {
                return new SaveResult(SaveOutcome.AwaitingSignOff, report, await KeepForSignOffAsync(id, text, author, summary, minor));
            }

            if (report.HasErrors || files.FolderIsLink(id))
            {
                var pending = await revisions.AddAsync(id.RelativePath, text, RevisionStatus.Pending, author, summary, minor);
                return new SaveResult(SaveOutcome.SavedWithErrors, report, pending);
            }

            var published = await revisions.AddAsync(id.RelativePath, text, RevisionStatus.Published, author, summary, minor);
            await files.WriteAsync(id, text);
            logger.LogInformation("{User} published {Path} (revision {Revision})", author.UserName, id.RelativePath, published.Id);
            return new SaveResult(SaveOutcome.Published, report, published);
        }
        finally
        {
            await writing.DisposeAsync();
        }
    }

    /// <summary>The one place a version of a condition article starts waiting for a reviewer's sign-off.
    /// Call under the write lock.</summary>
    private async Task<Revision> KeepForSignOffAsync(DocumentId id, string text, EditorAccount author, string summary, bool minor)
    {
        var pending = await revisions.AddAsync(id.RelativePath, text, RevisionStatus.Pending, author, summary, minor);
        logger.LogInformation("{User} saved {Path} revision {Revision}, waiting for sign-off", author.UserName, id.RelativePath, pending.Id);
        reminders.Wake(); // reviewers with an email address hear that it waits for them
        return pending;
    }
}
