using FacetEducation.Web.Content;
using FacetEducation.Web.Content.Checks;

namespace FacetEducation.Web.Admin;

/// <summary>Starting text for a new document. The condition template has the sections every
/// condition article needs, including the immediate (999) and urgent (111) "when to get help" care
/// cards and an FAQ. Its instructions are in <see cref="ContentRules.PlaceholderPhrases"/>, so an
/// article cannot be published with one left in.</summary>
public static class Templates
{
    public static string For(ArticleKind kind, string title, string author, DateOnly today)
    {
        var frontMatter = new FrontMatter
        {
            Title = title,
            Summary = kind switch
            {
                ArticleKind.Condition => $"What {title.ToLowerInvariant()} is, how it feels, what helps and when to get help.",
                _ => $"A short summary of {title.ToLowerInvariant()}.",
            },
            Author = author,
            Regions = kind == ArticleKind.Condition ? ["lumbar"] : null,
            Published = kind == ArticleKind.Post ? today : null,
            // A new post is published when saved, so it starts as a draft until its placeholder text is gone. A
            // condition article goes nowhere until a reviewer signs it off, and chooses then whether to publish it.
            Draft = kind == ArticleKind.Post,
        };
        var body = kind switch
        {
            ArticleKind.Condition => """
                Start with two or three short sentences: what this is, that it is common (if it is),
                and whether it is usually serious.

                ## What is it?

                Explain the condition in everyday words. Say what any medical word means the first
                time you use it.

                ## How does it feel?

                - where people feel it
                - what makes it worse
                - what eases it

                ## What causes it?

                Describe the usual causes, and what is not a cause.

                ## What helps?

                ### Keep moving

                Describe what the patient can do themselves.

                ### How physiotherapy helps

                Describe what treatment involves.

                ## When to get help

                ::: immediate Call 999 or go to A&E now if:
                - list the red-flag symptoms here
                :::

                ::: urgent Ask for an urgent GP appointment or call 111 if:
                - list the symptoms that need help today here
                :::

                ::: non-urgent See a GP or physiotherapist if:
                - it is not getting better after 2 weeks
                :::

                ## Frequently asked questions

                ::: faq
                ### Is it serious?
                Answer the question here.

                ### How long does it take to get better?
                Answer the question here.
                :::
                """,
            ArticleKind.Post => """
                Start with a sentence or two that say what the post is about.

                ## First section

                Write the post here.
                """,
            _ => """
                ## First section

                Write the page here.
                """,
        };
        return DocumentText.Compose(frontMatter, body);
    }
}
