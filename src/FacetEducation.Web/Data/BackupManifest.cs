using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FacetEducation.Web.Data;

/// <summary>One file of a backup: its path inside the backup folder ('/'-separated), size and SHA-256.</summary>
internal sealed record BackupFile(string Path, long Bytes, string Sha256);

/// <summary>The certificate the data-protection keys of a backup are encrypted to: named, never copied.</summary>
internal sealed record BackupCertificate(string ConfiguredPath, string Thumbprint, string Subject, DateTimeOffset NotAfter);

/// <summary>
/// <c>backup.json</c>, written last into a backup folder: when and by which version it was made,
/// the <c>Data:Provider</c> it was made on (a backup without one is of SQLite), the schema version of each database, the certificate its keys need, and every file with its
/// size and hash, so that restore can tell a whole backup from a damaged one.
/// </summary>
internal sealed record BackupManifest(
    int Format,
    DateTimeOffset CreatedUtc,
    string AppVersion,
    Dictionary<string, int> SchemaVersions,
    BackupCertificate? DataProtectionCertificate,
    List<BackupFile> Files,
    DataProvider Provider = DataProvider.Sqlite)
{
    public const string FileName = "backup.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter<DataProvider>() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BackupManifest? FromJson(string json) => JsonSerializer.Deserialize<BackupManifest>(json, Json);
}

/// <summary>Copying and hashing files so that what is copied is on the disk before the copy is called whole.</summary>
internal static class BackupFiles
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> (creating its folder), synced to disk; returns its SHA-256.</summary>
    public static string Copy(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            output.Write(buffer, 0, read);
        }

        output.Flush(flushToDisk: true);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string Hash(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The regular files under <paramref name="folder"/>, relative to it; links are left out (the site does not follow them).</summary>
    public static IEnumerable<string> Under(string folder) =>
        !Directory.Exists(folder) ? [] :
        new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 })
            .Where(i => i.LinkTarget is null)
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .SelectMany(i => i is DirectoryInfo d
                ? Under(d.FullName).Select(f => Path.Combine(i.Name, f))
                : [i.Name]);
}
