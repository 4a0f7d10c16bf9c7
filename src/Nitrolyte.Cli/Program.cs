using Nitrolyte.Cli;

return CliApp.Run(args);
