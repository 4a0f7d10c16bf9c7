using Nitrolyte.Core;

namespace Nitrolyte.Tests.Architecture;

/// <summary>
/// Thin commands (issue 15 item 2, docs/architecture.md "Commands"): no file in src/Nitrolyte.Cli/Commands is longer
/// than <see cref="MaxLines"/> lines. A command parses options, calls the library and hands the result to a
/// Reports/Json mapper or a printer in src/Nitrolyte.Cli/Printing; a group with several verbs puts them in their own
/// files (ScreenRunCommand.cs) and shared options in XCommand.Options.cs. The files still over the limit are listed
/// with their size today: the test fails when one grows, when a new one goes over, and when a listed one has come under
/// the limit (remove it from the list then).
/// </summary>
public class CommandSizeTests
{
    public const int MaxLines = 200;

    /// <summary>Tolerated today, at most this many lines (empty: every command file is within the limit).</summary>
    private static readonly Dictionary<string, int> Tolerated = new();

    private static Dictionary<string, int> LineCounts()
    {
        var root = RepositoryPaths.RepositoryRoot ?? throw new InvalidOperationException("the source tree was not found (RepositoryPaths.RepositoryRoot)");
        var dir = Path.Combine(root, "src", "Nitrolyte.Cli", "Commands");
        Assert.True(Directory.Exists(dir), $"{dir} not found");
        return Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), f => File.ReadLines(f).Count());
    }

    [Fact]
    public void NoCommandFileIsLongerThanTheLimit()
    {
        var counts = LineCounts();
        Assert.True(counts.Count > 30, $"only {counts.Count} command files found");
        var over = counts.Where(kv => kv.Value > (Tolerated.TryGetValue(kv.Key, out var cap) ? cap : MaxLines))
            .Select(kv => $"{kv.Key}: {kv.Value} lines").ToList();
        Assert.True(over.Count == 0, $"command files over {MaxLines} lines (move tables to Printing/, JSON to Reports/Json, verbs to their own files):\n" + string.Join("\n", over));
    }

    [Fact]
    public void TheToleratedListIsNotStale()
    {
        var counts = LineCounts();
        var stale = Tolerated.Keys.Where(f => !counts.TryGetValue(f, out var n) || n <= MaxLines).ToList();
        Assert.True(stale.Count == 0, $"these files are now at most {MaxLines} lines (or gone): remove them from CommandSizeTests.Tolerated:\n" + string.Join("\n", stale));
    }
}
