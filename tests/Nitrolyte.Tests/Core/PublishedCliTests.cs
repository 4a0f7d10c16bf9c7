using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Core;

/// <summary>When NITROLYTE_CLI is set (test.sh sets it to the ReadyToRun build), the CLI tests really run that binary.</summary>
public class PublishedCliTests
{
    [Fact]
    public void CliHarnessRunsThePublishedBinaryWhenAsked()
    {
        var r = CliHarness.Run("composition", "Li3N", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("Li3N", r.Json()["formula"]?.ToString() ?? r.Json()["reduced_formula"]?.ToString());
        if (CliHarness.PublishedCli is { } exe)
        {
            Assert.True(File.Exists(exe), $"NITROLYTE_CLI = {exe} does not exist");
            // a child process, not this one: the published apphost is a native executable next to its own Nitrolyte.Cli.dll
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(exe)!, "Nitrolyte.Cli.dll")));
        }
    }
}
