using Nitrolyte.Cli;
using Spectre.Console;

// Output sent to a file or a pipe gets plain text: no colour or hyperlink escape codes in `> out.txt`.
if (Console.IsOutputRedirected)
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(Console.Out),
    });

return CliApp.Run(args);
