using System.CommandLine;
using Nitrolyte.Cli.Commands;

namespace Nitrolyte.Cli;

public static class CliApp
{
    /// <summary>Builds the command tree. Each domain adds its command(s) here (one line each).</summary>
    public static Command BuildRoot()
    {
        // A plain Command named "nitrolyte" (a RootCommand would take its name, and so the usage line, from the
        // assembly, Nitrolyte.Cli), with the help and version options a root command has.
        var root = new Command("nitrolyte",
            "Nitrolyte: a workbench for solid-state electrolytes of lithium-metal batteries.\n" +
            "From instrument files, structures, DFT energies and MD trajectories to conductivities, activation energies,\n" +
            "stability windows, critical current densities, migration barriers and an HTML report with a verdict.\n" +
            "Start with: ./nitrolyte evaluate examples --out reports");
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
        root.Add(EvaluateCommand.Create());
        root.Add(ArrheniusCommand.Create());
        root.Add(BvseCommand.Create());
        root.Add(LibraryCommand.Create());
        root.Add(CompositionCommand.Create());
        root.Add(SynthesisCommand.Create());
        root.Add(CellCommand.Create());
        root.Add(StabilityCommand.Create());
        root.Add(StructureCommand.Create());
        root.Add(EwaldCommand.Create());
        root.Add(OrderCommand.Create());
        root.Add(XrdCommand.Create());
        root.Add(PdfCommand.Create());
        root.Add(ConvertCommand.Create());
        root.Add(DcpolCommand.Create());
        root.Add(CvCommand.Create());
        root.Add(CycleCommand.Create());
        root.Add(MdCommand.Create());
        root.Add(EisCommand.Create());
        root.Add(ExposureCommand.Create());
        root.Add(NmrCommand.Create());
        root.Add(ScreenCommand.Create());
        root.Add(ServeCommand.Create());
        return root;
    }

    public static int Run(string[] args)
    {
        var root = BuildRoot();
        if (args.Length == 0) args = ["--help"]; // a bare `nitrolyte` shows what it can do
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One stderr line (the error contract), in the user's words rather than .NET type names.
            var errors = parse.Errors.Count > 1 ? parse.Errors.Where(e => !e.Message.StartsWith("Required command was not provided", StringComparison.Ordinal)) : parse.Errors;
            var sub = parse.CommandResult.Command;
            var msg = string.Join("; ", errors.Select(e => e.Message
                .Replace("Required command was not provided.", sub.Subcommands.Count > 0
                    ? $"'{sub.Name}' needs a command: {string.Join(", ", sub.Subcommands.Select(c => c.Name))}."
                    : "Required command was not provided.")
                .Replace("expected type 'System.Nullable`1[System.Double]'", "a number").Replace("expected type 'System.Double'", "a number").Replace("expected type 'System.Nullable`1[System.Int32]'", "an integer").Replace("expected type 'System.Int32'", "an integer")
                .Replace("expected type 'System.Int64'", "an integer")));
            Console.Error.WriteLine($"error: {msg} (try --help)");
            return ExitCodes.Usage;
        }
        return parse.Invoke();
    }
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int BadData = 1;
    public const int Usage = 2;
}
