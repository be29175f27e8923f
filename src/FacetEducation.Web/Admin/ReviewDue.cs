namespace FacetEducation.Web.Admin;

/// <summary>Where a review date stands on a given day at the clinic.</summary>
public enum ReviewDueState
{
    /// <summary>No review date, or more than <see cref="ReviewDue.FirstReminderDays"/> days away.</summary>
    NotDue,

    /// <summary>Due today or within <see cref="ReviewDue.FirstReminderDays"/> days.</summary>
    DueSoon,

    /// <summary>The review date has passed.</summary>
    Overdue,
}

/// <summary>
/// When a review is coming due: one rule for the dashboard's filters ("overdue", "due within 60
/// days") and the reviewers' reminders (60 and 14 days before), so the email and the list agree.
/// </summary>
public static class ReviewDue
{
    /// <summary>The first reminder, and the reach of the dashboard's "due within 60 days".</summary>
    public const int FirstReminderDays = 60;

    /// <summary>The second and last reminder.</summary>
    public const int SecondReminderDays = 14;

    public static ReviewDueState Of(DateOnly? due, DateOnly today) =>
        due is not { } date ? ReviewDueState.NotDue
        : date < today ? ReviewDueState.Overdue
        : date <= today.AddDays(FirstReminderDays) ? ReviewDueState.DueSoon
        : ReviewDueState.NotDue;

    /// <summary>
    /// Which reminder is due for a review on <paramref name="due"/>: 60 from 60 days before, 14 from
    /// 14 days before (and after the date, for a site that was not running then); null before that.
    /// Only the latest one applies, so a site started 10 days before the date sends the 14-day
    /// reminder alone, and each is sent once (the outbox keeps its key).
    /// </summary>
    public static int? ReminderStage(DateOnly due, DateOnly today) =>
        due.DayNumber - today.DayNumber is var daysLeft && daysLeft <= SecondReminderDays ? SecondReminderDays
        : daysLeft <= FirstReminderDays ? FirstReminderDays
        : null;
}
