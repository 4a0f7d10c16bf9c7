using System.Diagnostics;
using System.Runtime;

namespace Nitrolyte.Cli;

/// <summary>
/// NITROLYTE_STARTUP_PROFILE=1: runs the command as usual, then writes one line to stderr with the time from process
/// start to Main, the time in Main, and how many methods the JIT compiled (and how long that took): the methods a
/// ReadyToRun build did not precompile. For docs/performance.md ("Start-up"); never used by tests.
/// </summary>
internal static class StartupProfile
{
    private static Stopwatch? marks;
    private static readonly List<string> MarkList = [];
    /// <summary>Records a named point in time (only when profiling).</summary>
    public static void Mark(string name)
    {
        if (marks is null) return;
        MarkList.Add($"{name} {marks.Elapsed.TotalMilliseconds:0.0} ms (jit {System.Runtime.JitInfo.GetCompiledMethodCount()})");
    }

    public static int Run(string[] args)
    {
        marks = Stopwatch.StartNew();
        var now = DateTime.Now;
        double toMainMs = (now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        long jit0 = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitT0 = System.Runtime.JitInfo.GetCompilationTime();
        var sw = Stopwatch.StartNew();
        int rc = CliApp.Run(args);
        sw.Stop();
        Console.Error.WriteLine(
            $"startup-profile: process start to Main {toMainMs:0.0} ms (methods jitted before Main {jit0}), Main {sw.Elapsed.TotalMilliseconds:0.0} ms, " +
            $"jitted in Main {System.Runtime.JitInfo.GetCompiledMethodCount() - jit0} methods / {(System.Runtime.JitInfo.GetCompilationTime() - jitT0).TotalMilliseconds:0.0} ms, " +
            $"GC {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, server GC {GCSettings.IsServerGC}");
        if (MarkList.Count > 0) Console.Error.WriteLine("startup-profile marks: " + string.Join("; ", MarkList));
        return rc;
    }
}
