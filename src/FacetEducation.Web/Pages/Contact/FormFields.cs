using FacetEducation.Web.Enquiries;
using Microsoft.AspNetCore.Html;

namespace FacetEducation.Web.Pages.Contact;

/// <summary>
/// What every question on the form shows besides its input: a hint, and the errors of the last
/// send. <see cref="Name"/> is the posted field name and the id the error summary links to (the
/// input itself, or a group's first option).
/// </summary>
public sealed record FieldNotes(string Name, IHtmlContent? Hint, IReadOnlyList<string> Errors)
{
    public bool HasError => Errors.Count > 0;

    /// <summary>The ids <c>aria-describedby</c> names, so a screen reader reads the hint and the error with the question.</summary>
    public string? DescribedBy => (Hint is null, HasError) switch
    {
        (true, false) => null,
        (false, false) => Name + "-hint",
        (true, true) => Name + "-error",
        (false, true) => $"{Name}-hint {Name}-error",
    };
}

/// <summary>A question answered by typing, drawn by <c>_TextField.cshtml</c>.</summary>
public sealed record TextField(FieldNotes Notes, string Label, string? Value)
{
    /// <summary>The input's <c>type</c>, or <c>textarea</c> for an answer of several lines.</summary>
    public string Type { get; init; } = "text";

    /// <summary>The input's classes: <c>input--medium</c> keeps a short answer's box short.</summary>
    public string Class { get; init; } = "input";

    public string? Autocomplete { get; init; }

    /// <summary>Names and addresses are not words, so they get no spelling marks.</summary>
    public bool Spellcheck { get; init; } = true;

    public int Rows { get; init; } = 8;
}

/// <summary>How many options of a <see cref="ChoiceGroup"/> a visitor may pick.</summary>
public enum ChoiceInput
{
    Radio,
    Checkbox,
}

/// <summary>A question answered by picking or ticking, drawn by <c>_ChoiceGroup.cshtml</c> as one fieldset.</summary>
public sealed record ChoiceGroup(FieldNotes Notes, string Legend, ChoiceInput Input, IReadOnlyList<ChoiceSection> Sections)
{
    /// <summary>Shown instead of the options when there are none to offer.</summary>
    public string? NoOptions { get; init; }
}

/// <summary>Options shown together; with a <see cref="Legend"/> they get a fieldset of their own (a day, a care level).</summary>
public sealed record ChoiceSection(IReadOnlyList<ChoiceOption> Options)
{
    public string? Legend { get; init; }

    /// <summary>The modifier classes of the section's own fieldset.</summary>
    public string? Class { get; init; }

    /// <summary>Short options side by side on a wide screen.</summary>
    public bool Inline { get; init; }

    /// <summary>The fixed choices of <see cref="EnquiryChoices"/>, those <paramref name="picked"/> checked.</summary>
    public static ChoiceSection Of(IEnumerable<Choice> choices, Func<string, bool> picked) =>
        new([.. choices.Select(c => new ChoiceOption(c.Value, c.Label, picked(c.Value)))]);
}

/// <summary>One radio button or checkbox with its label.</summary>
public sealed record ChoiceOption(string Value, string Label, bool Checked)
{
    /// <summary>What makes the option's id unique in its group (the first option's id is the group's name).</summary>
    public string IdSuffix { get; init; } = Value;

    /// <summary>Words read out before the label but not shown, where the label alone is ambiguous ("09:00" of which day).</summary>
    public string? HiddenPrefix { get; init; }
}
