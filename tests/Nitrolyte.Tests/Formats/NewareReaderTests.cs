using Nitrolyte.Core;
using Nitrolyte.Formats.Neware;
using Nitrolyte.Tests.Support;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Formats;

/// <summary>NewareNDA's regression references (MANIFEST.md 3d): the .ftr (Arrow IPC) tables, read by
/// <see cref="ArrowIpcReader"/>, compared column by column with our reader.</summary>
public class NewareReaderTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, int> Files => new()
    {
        { "new_nda_file.nda", "new_nda_file.ftr", 439 },
        { "TestFile.nda", "TestFile.ftr", 6670 },
        { "123456789012_Unit27_Example_Data_File.ndax", "123456789012_Unit27_Example_Data_File.ftr", 302 },
    };

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void MatchesNewareNdaReference(string file, string reference, int rows)
    {
        var f = NewareReader.Read(SharedData.TestData("other_formats/NewareNDA/" + file));
        var r = new ArrowIpcReader(SharedData.TestData("other_formats/NewareNDA/" + reference));
        output.WriteLine(string.Join(", ", r.Columns.Select(c => $"{c.Name}:{c.Type}")));
        Assert.Equal(rows, r.RowCount);
        Assert.Equal(rows, f.RowCount);
        var problems = new List<string>();
        foreach (var col in r.Columns)
        {
            if (col.Name == "Status")
            {
                for (int i = 0; i < rows; i++)
                    if (col.Strings![i] != f.Status[i]) { problems.Add($"Status row {i}: {f.Status[i]} vs {col.Strings[i]}"); break; }
                continue;
            }
            if (col.Name == "Timestamp")
            {
                for (int i = 0; i < rows; i++)
                {
                    var expected = DateTime.UnixEpoch.AddTicks((long)col.Values[i] / 100);
                    if (Math.Abs((f.Timestamp[i] - expected).TotalSeconds) > 1e-3) { problems.Add($"Timestamp row {i}: {f.Timestamp[i]:O} vs {expected:O}"); break; }
                }
                continue;
            }
            var mine = f.Find(col.Name);
            if (mine is null && col.Values.All(double.IsNaN)) continue; // NewareNDA's empty V1 of BTS 9.1 files
            if (mine is null) { problems.Add($"missing column {col.Name}"); continue; }
            for (int i = 0; i < rows; i++)
            {
                double x = mine.Values[i], y = col.Values[i];
                bool ok = double.IsNaN(y) ? double.IsNaN(x) : Math.Abs(x - y) <= 1e-6 * Math.Max(1, Math.Abs(y));
                if (!ok) { problems.Add($"{col.Name} row {i}: {x} vs {y}"); break; }
            }
        }
        foreach (var p in problems) output.WriteLine(p);
        Assert.Empty(problems);
    }

    [SharedDataFact]
    public void NavaniNdaxAndBadInput()
    {
        var f = NewareReader.Read(SharedData.TestData("other_formats/navani/test.ndax"));
        Assert.True(f.RowCount > 0);
        using var tmp = new TempDir();
        var p = tmp.File("bad.nda");
        File.WriteAllBytes(p, File.ReadAllBytes(SharedData.TestData("other_formats/NewareNDA/new_nda_file.nda"))[..10]);
        var e = Assert.Throws<NitrolyteFormatException>(() => NewareReader.Read(p));
        Assert.Contains("bad.nda", e.Message);
        var q = tmp.File("bad.ndax");
        File.WriteAllBytes(q, File.ReadAllBytes(SharedData.TestData("other_formats/NewareNDA/123456789012_Unit27_Example_Data_File.ndax"))[..3000]);
        e = Assert.Throws<NitrolyteFormatException>(() => NewareReader.Read(q));
        Assert.Contains("bad.ndax", e.Message);
    }
}
