using System.Globalization;
using Nitrolyte.Arrhenius;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Arrhenius;

/// <summary>
/// EISFitpython Example 3 (real pellet data, 140–200 °C): its Arrhenius report lists the bulk, grain-boundary and
/// total conductivities and the activation energies it fitted (σT form, unweighted). Refitting its conductivities
/// must give the same Ea and standard error.
/// </summary>
public class EisFitPythonArrheniusTests
{
    private static Dictionary<string, List<ArrheniusPoint>> ReadReport()
    {
        var lines = File.ReadAllLines(SharedData.TestData("eis/EISFitpython/reference_outputs/Example3/Arrhenius_Analysis_Report.txt"));
        var result = new Dictionary<string, List<ArrheniusPoint>>();
        string? current = null;
        foreach (var line in lines)
        {
            var t = line.Trim();
            if (t.EndsWith("Analysis:")) { current = t.Split(' ')[0]; result[current] = []; continue; }
            var cells = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (current is not null && cells.Length == 4 && double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var tk)
                && double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
                result[current].Add(new ArrheniusPoint(tk, s));
        }
        return result;
    }

    [SharedDataTheory]
    [InlineData("Bulk", 0.5869, 0.0163)]
    [InlineData("Gb", 0.8919, 0.0025)]
    [InlineData("Total", 0.8555, 0.0006)]
    public void RefitReproducesReportedActivationEnergy(string part, double eaEV, double seEV)
    {
        var points = ReadReport()[part];
        Assert.Equal(7, points.Count);
        var fit = ArrheniusFitter.Fit(points, ArrheniusForm.SigmaT);
        // The report prints conductivities to 4 significant figures, so the refit may differ in the 4th decimal.
        Assert.InRange(fit.EaEV, eaEV - 2e-4, eaEV + 2e-4);
        Assert.InRange(fit.EaStdErrEV, seEV - 1e-4, seEV + 1e-4);
    }

    [SharedDataFact]
    public void BulkRoomTemperatureExtrapolationMatches()
    {
        var fit = ArrheniusFitter.Fit(ReadReport()["Bulk"], ArrheniusForm.SigmaT);
        // The report gives σRT = 6.41287e-9 S/cm; EISFitpython takes RT = 298 K.
        Assert.InRange(fit.ValueAt(298.0), 6.41287e-9 * 0.995, 6.41287e-9 * 1.005);
    }
}
