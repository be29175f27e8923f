namespace FacetEducation.Web.Data;

/// <summary>
/// <c>site.lock</c> in a data folder: each store of a running site and each backup holds it shared,
/// a restore holds it exclusively. So a restore never writes under a running site, and a site never
/// opens a folder while it is being restored; sites and backups share a folder freely. The lock is
/// the operating system's (FileShare, <c>flock</c> on Linux), so it ends with the process however
/// the process ends, and a lock file left behind means nothing.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "site.lock";

    // What a lock held elsewhere reads as: EWOULDBLOCK on Linux, ERROR_SHARING_VIOLATION on Windows.
    private const int WouldBlock = 11;
    private const int SharingViolation = unchecked((int)0x80070020);

    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="folder"/> (creating both); null when it is held
    /// elsewhere in a way that excludes this one.</summary>
    public static DataFolderLock? TryTake(string folder, bool exclusive)
    {
        Directory.CreateDirectory(folder);
        try
        {
            return new DataFolderLock(exclusive
                ? new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                // Read access: .NET takes a shared flock only for a file opened to read.
                : new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite));
        }
        catch (IOException ex) when (ex.HResult is WouldBlock or SharingViolation)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
