using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Web;

public sealed class ServeCliTests
{
    [Fact]
    public void Serve_refuses_a_missing_folder_and_a_bad_port_as_usage_errors()
    {
        var r = CliHarness.Run("serve", Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no such folder", r.Stderr);
        var p = CliHarness.Run("serve", Path.GetTempPath(), "--port", "70000");
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("--port", p.Stderr);
    }

    [Fact]
    public void Serve_help_states_the_binding_default()
    {
        var r = CliHarness.Run("serve", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("127.0.0.1", r.Stdout);
        Assert.Contains("--open", r.Stdout);
    }
}
