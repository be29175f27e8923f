using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace FacetEducation.Web.Search;

/// <summary>
/// The connections of one index's private in-memory database. Readers each take a connection of
/// their own (a shared-cache memory database allows concurrent readers), and a reference count
/// keeps the database alive until the last query on a retired index has finished: the keeper
/// connection holds it open, and closing the keeper frees it.
/// </summary>
internal sealed class SearchReaderPool(string connectionString, SqliteConnection keeper) : IDisposable
{
    private readonly ConcurrentBag<SearchReader> _idle = [];
    private int _references = 1;
    private int _disposed;

    /// <summary>Takes a reference for one query; false once the index has been retired and freed.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            while (_idle.TryTake(out var reader))
            {
                reader.Dispose();
            }

            keeper.Dispose();
        }
    }

    /// <summary>Retires the index: it is freed when the last query holding it finishes.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
        }
    }

    /// <summary>An idle reader, or a new one. The caller holds a reference (<see cref="TryAcquire"/>)
    /// and gives the reader back with <see cref="Return"/>.</summary>
    public SearchReader Rent()
    {
        if (_idle.TryTake(out var reader))
        {
            return reader;
        }

        return new SearchReader(connectionString);
    }

    public void Return(SearchReader reader) => _idle.Add(reader);
}
