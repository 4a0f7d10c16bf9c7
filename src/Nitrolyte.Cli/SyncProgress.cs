namespace Nitrolyte.Cli;

/// <summary>Progress reported synchronously on the reporting thread, serialised (System.Progress&lt;T&gt; posts to the
/// thread pool, which reorders lines).</summary>
public sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
{
    private readonly object _lock = new();

    public void Report(T value) { lock (_lock) action(value); }
}
