using System.CommandLine;
using Nitrolyte.Core;

namespace Nitrolyte.Cli.Commands;

/// <summary>`--jobs N`: worker threads for independent work items (default: all cores; capped at <see cref="Jobs.Max"/>).
/// Results are identical for every N.</summary>
public static class JobsOption
{
    public static Option<int?> Create(string what) => new("--jobs")
    {
        Description = $"Worker threads for {what} (default: all {Environment.ProcessorCount} cores; 1 = serial; at most {Jobs.Max}). The result is the same for every value.",
    };

    /// <summary>The value given, checked (1..Max), or null for all cores.</summary>
    public static int? Get(ParseResult p, Option<int?> option)
    {
        var v = p.GetValue(option);
        if (v is { } n && (n < 1 || n > Jobs.Max)) throw new UsageException($"--jobs {n}: give 1 to {Jobs.Max} worker threads");
        return v;
    }
}
