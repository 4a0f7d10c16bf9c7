using Nitrolyte.Dynamics;
using Nitrolyte.Formats.Trajectories;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Dynamics;

/// <summary>Li MSD of kinisi's Li6PS5Cl example (2 fs × 50 = 0.1 ps per frame) at 1, 2, 5 and 10 ps.</summary>
public class KinisiMsdTests
{
    private static MsdResult Msd(DriftCorrection drift)
    {
        using var r = new XdatcarReader(SharedData.TestData("aimd/kinisi/example_XDATCAR.gz"));
        var set = DisplacementCollector.Collect(r, ["Li"], drift);
        return MsdCalculator.Compute(set, 100);
    }

    [SharedDataFact]
    public void MatchesManifestOrientationValues_WithWholeCellCentroidDrift()
    {
        // MANIFEST 4b: 1.597, 2.462, 5.108, 8.922 Å² (its "whole-cell COM" is the unweighted centroid of all atoms)
        var m = Msd(DriftCorrection.CellCentroid);
        Assert.Equal(1.597, m.TotalAt(1), 3e-3);
        Assert.Equal(2.462, m.TotalAt(2), 3e-3);
        Assert.Equal(5.108, m.TotalAt(5), 3e-3);
        Assert.Equal(8.922, m.TotalAt(10), 3e-3);
    }

    [SharedDataFact]
    public void MatchesIndependentNumpy_WithFrameworkCentreOfMassDrift()
    {
        // bench/scripts/kinisi_msd_check.py (NumPy, direct all-origin sums): 1.6028, 2.4700, 5.1154, 8.9419
        var m = Msd(DriftCorrection.FrameworkCentreOfMass);
        Assert.Equal(1.6028, m.TotalAt(1), 1e-4);
        Assert.Equal(2.4700, m.TotalAt(2), 1e-4);
        Assert.Equal(5.1154, m.TotalAt(5), 1e-4);
        Assert.Equal(8.9419, m.TotalAt(10), 1e-4);
        Assert.Equal(140, m.FrameCount);
    }
}
