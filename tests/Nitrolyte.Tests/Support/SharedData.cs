using Nitrolyte.Core;

namespace Nitrolyte.Tests.Support;

/// <summary>
/// Access to ../shared (the seeds and the external test data). A user's clone has no ../shared: tests marked
/// [SharedDataFact]/[SharedDataTheory] are then skipped with a message. In CI (CI=true) they always run, so a
/// missing folder fails loudly instead of skipping.
/// </summary>
public static class SharedData
{
    public static string? Directory => RepositoryPaths.SharedDirectory;

    public static string SkipReason =>
        "../shared (external test data) is not beside this clone; these tests run in CI. Set NITROLYTE_SHARED to its path to run them here.";

    public static bool ShouldSkip => Directory is null && Environment.GetEnvironmentVariable("CI") != "true";

    /// <summary>Full path of a file under ../shared, e.g. Path("testdata/eis/impedance.py/exampleData.csv").</summary>
    public static string Path(string relative)
    {
        var dir = Directory ?? throw new InvalidOperationException(SkipReason);
        var p = System.IO.Path.Combine(dir, relative);
        if (!File.Exists(p) && !System.IO.Directory.Exists(p)) throw new FileNotFoundException($"shared test file missing: {p}");
        return p;
    }

    public static string TestData(string relative) => Path(System.IO.Path.Combine("testdata", relative));
}

public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute() { if (SharedData.ShouldSkip) Skip = SharedData.SkipReason; }
}

public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute() { if (SharedData.ShouldSkip) Skip = SharedData.SkipReason; }
}

/// <summary>A temporary folder deleted after the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nitrolyte-test-" + Guid.NewGuid().ToString("N"));
    public TempDir() => System.IO.Directory.CreateDirectory(Path);
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { System.IO.Directory.Delete(Path, true); } catch (IOException) { } }
}
