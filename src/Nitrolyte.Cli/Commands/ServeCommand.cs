using System.CommandLine;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nitrolyte.Web;

namespace Nitrolyte.Cli.Commands;

/// <summary>`nitrolyte serve [folder]`: the local web workbench (src/Nitrolyte.Web) on a workspace folder.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "Workspace folder (default: the current one). The server reads and writes only inside it.", DefaultValueFactory = _ => "." };
        var port = new Option<int>("--port") { Description = $"TCP port (default {WorkbenchServer.DefaultPort}; 0 = any free port).", DefaultValueFactory = _ => WorkbenchServer.DefaultPort };
        var host = new Option<string>("--host") { Description = "Address to bind (default 127.0.0.1, this machine only). Anything else exposes your files to the network: a warning is printed.", DefaultValueFactory = _ => "127.0.0.1" };
        var open = new Option<bool>("--open") { Description = "Open the page in the default browser." };
        var cmd = new Command("serve", "Local web workbench: file panel, interactive impedance fitting (mask, lock, bounds, compare circuits), temperature series with Arrhenius plot, decisions saved to the workspace manifest.\n"
            + "Example: nitrolyte serve examples/li2nh   (then open the printed URL; Ctrl+C stops)") { folder, port, host, open };
        cmd.SetHandler(p =>
        {
            var dir = p.GetValue(folder)!;
            if (!Directory.Exists(dir)) throw new UsageException($"{dir}: no such folder");
            int n = p.GetValue(port);
            if (n < 0 || n > 65535) throw new UsageException($"--port {n}: must be 0 to 65535");
            var h = p.GetValue(host)!.Trim();
            if (h is not ("127.0.0.1" or "localhost" or "::1"))
                Console.Error.WriteLine($"warning: binding to {h}: anyone who can reach this address can read and fit the files of {Path.GetFullPath(dir)} and change its manifest");
            var app = WorkbenchServer.Build(new WorkbenchOptions(dir, h, n));
            app.Start();
            var addr = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var url = addr.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost");
            Console.WriteLine($"Nitrolyte workbench on {Path.GetFullPath(dir)}: {url}/  (Ctrl+C to stop)");
            if (p.GetValue(open))
            {
                try { Process.Start(new ProcessStartInfo(url + "/") { UseShellExecute = true }); }
                catch (Exception e) { Console.Error.WriteLine($"warning: could not open a browser ({e.Message}); open {url}/ yourself"); }
            }
            app.WaitForShutdown();
            return 0;
        });
        return cmd;
    }
}
