using System.Text.RegularExpressions;
using Nitrolyte.Core;

namespace Nitrolyte.Tests.Architecture;

/// <summary>
/// The dependency rules of docs/architecture.md as a test over the sources (issue 15 item 8): analyses do no I/O, no
/// console and no serialisation and do not reach into Formats/Reports/Evaluation; readers do not reach into
/// Reports/Evaluation; the library never references a front end. The edges that exist today and that issue 15 is
/// about are listed below by file: the test fails on any new violation AND when a listed one is gone (so the list is
/// shortened as the clean-up proceeds, never silently stale).
/// </summary>
public class DependencyRulesTests
{
    private static readonly string[] AnalysisFolders =
        ["Arrhenius", "CellDesign", "Chemistry", "Diffraction", "Dynamics", "Electrochemistry", "Electrostatics", "Exposure",
         "Impedance", "Migration", "Nmr", "Numerics", "Structures", "Thermodynamics"];

    private static readonly (string Rule, Regex Pattern)[] AnalysisRules =
    [
        ("reaches into Formats/Reports/Evaluation/Library", new(@"using Nitrolyte\.(Formats|Reports|Evaluation|Library)\b|\bNitrolyte\.(Formats|Reports|Evaluation)\.|(?<![\w.])(Formats|Reports|Evaluation)\.[A-Z]\w*\.")),
        ("writes to the console", new(@"\bConsole\.")),
        ("does file I/O", new(@"\bFile\.(Read|Write|Open|Create|Exists|Delete|Move|Copy)|\bDirectory\.")),
        ("serialises JSON", new(@"System\.Text\.Json|\bJsonObject\b|\bJsonNode\b|\bJsonSerializer\b")),
    ];

    /// <summary>Known violations (empty since issue 15 removed the last ones: JSON on domain records, Prototypes calling
    /// the CIF reader, CsvMetadata using the columns mapper). Add here only with an issue that removes it again.</summary>
    private static readonly HashSet<string> KnownViolations =
    [
    ];

    private static string? SourceRoot =>
        RepositoryPaths.RepositoryRoot is { } root && Directory.Exists(Path.Combine(root, "src", "Nitrolyte")) ? Path.Combine(root, "src", "Nitrolyte") : null;

    private static string Code(string path)
    {
        // comments may name anything: only code counts
        var text = File.ReadAllText(path);
        text = Regex.Replace(text, @"/\*.*?\*/", "", RegexOptions.Singleline);
        return Regex.Replace(text, @"//.*", "");
    }

    private static List<string> Violations()
    {
        var src = SourceRoot ?? throw new InvalidOperationException("the source tree was not found (RepositoryPaths.RepositoryRoot)");
        var found = new List<string>();
        foreach (var folder in AnalysisFolders)
        {
            var dir = Path.Combine(src, folder);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                var code = Code(file);
                var rel = Path.GetRelativePath(src, file).Replace('\\', '/');
                foreach (var (rule, pattern) in AnalysisRules)
                    if (pattern.IsMatch(code)) found.Add($"{rel}: {rule}");
            }
        }
        foreach (var file in Directory.EnumerateFiles(Path.Combine(src, "Formats"), "*.cs", SearchOption.AllDirectories))
            if (new Regex(@"using Nitrolyte\.(Reports|Evaluation)\b|\bNitrolyte\.(Reports|Evaluation)\.|(?<![\w.])(Reports|Evaluation)\.[A-Z]\w*\.").IsMatch(Code(file)))
                found.Add($"{Path.GetRelativePath(src, file).Replace('\\', '/')}: reaches into Reports/Evaluation");
        // readers/writers take and return plain records: no sideways edge into analyses that hold no file-level records
        // (BVSE grids and NEB images reach the writers as plain ScalarGrid/Structure; issue 15)
        foreach (var file in Directory.EnumerateFiles(Path.Combine(src, "Formats"), "*.cs", SearchOption.AllDirectories))
            if (new Regex(@"using Nitrolyte\.(Migration|Electrostatics|CellDesign|Library)\b|\bNitrolyte\.(Migration|Electrostatics|CellDesign|Library)\.|(?<![\w.])(Migration|Electrostatics|CellDesign)\.[A-Z]\w*").IsMatch(Code(file)))
                found.Add($"{Path.GetRelativePath(src, file).Replace('\\', '/')}: a reader/writer reaches into an analysis");
        // the literature library is data + search: plots and JSON of it live in Reports, report.json parsing uses Core
        foreach (var file in Directory.EnumerateFiles(Path.Combine(src, "Library"), "*.cs", SearchOption.AllDirectories))
            if (new Regex(@"using Nitrolyte\.(Reports|Formats|Evaluation)\b|\bNitrolyte\.(Reports|Formats|Evaluation)\.|(?<![\w.])(Reports|Formats|Evaluation)\.[A-Z]\w*\.").IsMatch(Code(file)))
                found.Add($"{Path.GetRelativePath(src, file).Replace('\\', '/')}: Library reaches into Reports/Formats/Evaluation");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(src, "Reports"), "*.cs", SearchOption.AllDirectories))
            if (new Regex(@"using Nitrolyte\.Evaluation\b|\bNitrolyte\.Evaluation\.").IsMatch(Code(file)))
                found.Add($"{Path.GetRelativePath(src, file).Replace('\\', '/')}: Reports reaches into Evaluation");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")) continue;
            if (new Regex(@"\bNitrolyte\.(Cli|Web)\b").IsMatch(Code(file)))
                found.Add($"{Path.GetRelativePath(src, file).Replace('\\', '/')}: the library references a front end");
        }
        return found.Where(v => !v.Contains("/obj/") && !v.Contains("/bin/")).Distinct().ToList();
    }

    [Fact]
    public void NoNewForbiddenDependency()
    {
        var unexpected = Violations().Where(v => !KnownViolations.Contains(v)).ToList();
        Assert.True(unexpected.Count == 0, "forbidden dependencies (docs/architecture.md):\n" + string.Join("\n", unexpected));
    }

    [Fact]
    public void TheKnownViolationsListIsNotStale()
    {
        var now = Violations().ToHashSet();
        var gone = KnownViolations.Where(v => !now.Contains(v)).ToList();
        Assert.True(gone.Count == 0, "these listed violations are fixed: remove them from KnownViolations:\n" + string.Join("\n", gone));
    }
}
