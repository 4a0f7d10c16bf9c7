using Nitrolyte.Reports;

namespace Nitrolyte.Cli;

/// <summary>
/// <c>--html</c> pages of single commands: the report is written as one self-contained HTML file (atomically, by
/// <see cref="HtmlReportWriter"/>) and a line on stderr says where, naming the plot libraries that were missing.
/// </summary>
public static class HtmlOutput
{
    public static void Write(Report report, string path)
    {
        HtmlReportWriter.Write(report, path, out var missing);
        Console.Error.WriteLine($"wrote {path}{(missing.Count > 0 ? $" (plots missing: {string.Join(", ", missing)})" : "")}");
    }

    /// <summary>A page with one section, titled <paramref name="material"/>.</summary>
    public static void Write(ReportSection section, string material, string path)
    {
        var report = new Report { Material = material };
        report.Sections.Add(section);
        Write(report, path);
    }
}
