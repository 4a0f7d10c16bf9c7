using System.Globalization;
using Nitrolyte.Dynamics;
using Nitrolyte.Reports;

namespace Nitrolyte.Tests.Reports;

/// <summary>`md msd --csv` (Reports/MdExport): one row per lag with the analysis' own MSD values.</summary>
public class MdExportTests
{
    [Fact]
    public void MsdCsvHoldsEveryLagOfTheAnalysis()
    {
        var o = new LatticeWalkOptions { Frames = 120, Supercell = 1, HopProbability = 0.4, Seed = 5 };
        var set = DisplacementCollector.Collect(LatticeWalkGenerator.Generate(o), ["Li"]);
        var r = MdAnalysis.Run(set, new MdOptions { TimestepFs = o.FrameIntervalFs, TemperatureK = 600 });
        var lines = MdExport.MsdCsv(r).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(MdExport.MsdCsvHeader, lines[0]);
        Assert.Equal(r.FrameCount + 1, lines.Length);
        foreach (var l in new[] { 0, 1, r.FrameCount / 2, r.FrameCount - 1 })
        {
            var v = lines[l + 1].Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(6, v.Length);
            Assert.Equal(r.Msd.TimePs(l), v[0], Math.Abs(r.Msd.TimePs(l)) * 1e-8 + 1e-12);
            Assert.Equal(r.Msd.Total[l], v[1], Math.Abs(r.Msd.Total[l]) * 1e-8 + 1e-12);
            for (int k = 0; k < 3; k++) Assert.Equal(r.Msd.Directional[k][l], v[2 + k], Math.Abs(r.Msd.Directional[k][l]) * 1e-8 + 1e-12);
            Assert.Equal(r.Msd.Collective[l], v[5], Math.Abs(r.Msd.Collective[l]) * 1e-8 + 1e-12);
        }
        // the x, y, z parts add up to the total at every lag
        var mid = lines[r.FrameCount / 2 + 1].Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(mid[1], mid[2] + mid[3] + mid[4], mid[1] * 1e-6);
        Assert.Equal(0, double.Parse(lines[1].Split(',')[1], CultureInfo.InvariantCulture), 12);
    }
}
