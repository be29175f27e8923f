using FacetEducation.Web.Content;
using YamlDotNet.Core;

namespace FacetEducation.Web.Search;

/// <summary>
/// Reads <c>content/synonyms.yml</c>: a list of groups, each a list of words or phrases that mean
/// the same thing. The file is read again only when it changes. A file that cannot be read, or that
/// breaks the format, is logged with what is wrong and the last good version stays in use, as with
/// articles.
/// </summary>
public sealed class SynonymsFile(ContentStore store, ILogger<SynonymsFile> logger)
{
    public const string FileName = "synonyms.yml";

    private readonly Lock _lock = new();
    private (long Length, DateTime Written)? _stamp;
    private Synonyms _lastGood = Synonyms.Empty;

    /// <summary>The synonyms now in force.</summary>
    public Synonyms Load()
    {
        var path = Path.Combine(store.Root, FileName);
        lock (_lock)
        {
            var stamp = StampOf(new FileInfo(path));
            if (_stamp == stamp)
            {
                return _lastGood;
            }

            _stamp = stamp;
            var read = ContentFile.Read(store.Root, path);
            if (read.Status == ContentReadStatus.Missing)
            {
                logger.LogWarning("No {File} in the content folder: search runs without synonyms", FileName);
                return _lastGood = Synonyms.Empty;
            }

            if (read.Status != ContentReadStatus.Read)
            {
                // Caught half-written, unreadable, or a link (never followed): the last good version stays.
                // A link is looked at again only when it changes; anything else at the next reload.
                _stamp = read.Status == ContentReadStatus.Link ? stamp : null;
                logger.LogWarning("{File} not used ({Problem}); the last good version stays", FileName, read.Describe(long.MaxValue));
                return _lastGood;
            }

            try
            {
                var text = read.Text!;
                if (string.IsNullOrWhiteSpace(text))
                {
                    // An empty file is almost always one caught between truncate and write; taking
                    // it would replace the last good synonyms with none. Read it again on the next
                    // change; to turn synonyms off, delete the file.
                    _stamp = null;
                    return _lastGood;
                }

                var (synonyms, problem) = Parse(text);
                if (problem is null)
                {
                    logger.LogInformation("Search synonyms loaded: {Groups} groups", synonyms!.Groups.Count);
                    return _lastGood = synonyms;
                }

                logger.LogError("{File} not used, the last good version stays: {Problem}", FileName, problem);
            }
            catch (YamlException ex)
            {
                logger.LogError("{File} not used, the last good version stays: line {Line}: {Problem}", FileName, ex.Start.Line, ContentYaml.Describe(ex));
            }

            return _lastGood;
        }
    }

    private static (long Length, DateTime Written) StampOf(FileInfo info)
    {
        try
        {
            return info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, DateTime.MinValue);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (-1, DateTime.MinValue); // gone between the two looks
        }
    }

    /// <summary>What <see cref="Parse"/> makes of <paramref name="yaml"/>, a YAML mistake included (with its
    /// line): the editor's check of a version before it is saved.</summary>
    public static SynonymsRead Check(string yaml)
    {
        try
        {
            return Parse(yaml);
        }
        catch (YamlException ex)
        {
            var (line, column) = ContentYaml.Where(ex);
            return new SynonymsRead(null, $"{FileName} is not valid at line {line}, column {column}: {ContentYaml.Explain(ex)}", line, null);
        }
    }

    /// <summary>The synonyms in <paramref name="yaml"/>, or what is wrong with it in plain English.</summary>
    public static SynonymsRead Parse(string yaml)
    {
        var groups = ContentYaml.Deserializer.Deserialize<List<List<string?>?>?>(yaml) ?? [];
        for (var i = 0; i < groups.Count; i++)
        {
            var words = (groups[i] ?? []).Where(w => !string.IsNullOrWhiteSpace(w) && SearchText.Words(w).Count > 0).ToList();
            if (words.Count < 2)
            {
                var first = words.FirstOrDefault() ?? "(empty)";
                return new SynonymsRead(null, $"group {i + 1} ('{first}') needs at least two words or phrases, for example - [neck, cervical].", null, i);
            }
        }

        return new SynonymsRead(new Synonyms(groups.Select(g => g!.OfType<string>())), null, null, null);
    }
}

/// <summary>What <see cref="SynonymsFile.Check"/> found: the synonyms, or the problem with its line (a YAML
/// mistake) or the group it is about (counted from 0).</summary>
public sealed record SynonymsRead(Synonyms? Synonyms, string? Problem, int? Line, int? Group)
{
    public void Deconstruct(out Synonyms? synonyms, out string? problem) => (synonyms, problem) = (Synonyms, Problem);
}
