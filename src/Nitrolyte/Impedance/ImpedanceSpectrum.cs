using System.Numerics;
using Nitrolyte.Core;

namespace Nitrolyte.Impedance;

/// <summary>
/// One impedance spectrum: frequencies in Hz and complex impedance Z = Z' + j Z'' in Ohm (Z'' negative for a
/// capacitive arc), in the order of the file. Every reader returns this record. Optional metadata: the file it
/// came from, a time stamp (time series), a temperature (series) and a label (e.g. "cycle 2").
/// </summary>
public sealed record ImpedanceSpectrum
{
    public double[] FrequenciesHz { get; }
    public Complex[] Z { get; }
    public string? SourceFile { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    /// <summary>Seconds since the start of the file's experiment, when the file gives it (time series).</summary>
    public double? TimeS { get; init; }
    public double? TemperatureC { get; init; }
    public string? Label { get; init; }
    /// <summary>Which columns of the file were read, in which units and with which sign, and what was assumed
    /// (provenance from the reader; null for spectra built in code).</summary>
    public ColumnProvenance? Columns { get; init; }

    public ImpedanceSpectrum(double[] frequenciesHz, Complex[] z, string? sourceFile = null)
    {
        if (frequenciesHz.Length != z.Length)
            throw new NitrolyteInputException($"{frequenciesHz.Length} frequencies but {z.Length} impedances");
        if (frequenciesHz.Length == 0)
            throw new NitrolyteInputException(sourceFile is null ? "an impedance spectrum needs at least one point" : $"{sourceFile}: no impedance points");
        for (int i = 0; i < frequenciesHz.Length; i++)
        {
            if (!(frequenciesHz[i] > 0) || !double.IsFinite(frequenciesHz[i]))
                throw new NitrolyteInputException($"{sourceFile ?? "spectrum"}: frequency {frequenciesHz[i]} Hz at point {i + 1} is not positive");
            if (!double.IsFinite(z[i].Real) || !double.IsFinite(z[i].Imaginary))
                throw new NitrolyteInputException($"{sourceFile ?? "spectrum"}: impedance at point {i + 1} is not a finite number");
        }
        FrequenciesHz = frequenciesHz;
        Z = z;
        SourceFile = sourceFile;
    }

    public int Count => FrequenciesHz.Length;
    public double[] AngularFrequencies => FrequenciesHz.Select(f => 2 * Math.PI * f).ToArray();
    public double[] Real => Z.Select(z => z.Real).ToArray();
    public double[] Imag => Z.Select(z => z.Imaginary).ToArray();

    /// <summary>Keeps the points whose frequency lies in [fmin, fmax] (either bound may be null).</summary>
    public ImpedanceSpectrum WithFrequencyRange(double? fminHz, double? fmaxHz)
    {
        var keep = Enumerable.Range(0, Count).Where(i => (fminHz is null || FrequenciesHz[i] >= fminHz) && (fmaxHz is null || FrequenciesHz[i] <= fmaxHz)).ToArray();
        if (keep.Length == 0)
            throw new NitrolyteInputException($"{SourceFile ?? "spectrum"}: no points between {fminHz?.ToString("G4") ?? "-"} and {fmaxHz?.ToString("G4") ?? "-"} Hz");
        return Select(keep);
    }

    /// <summary>Keeps the points with Z'' &lt; 0 (drops an inductive high-frequency tail), as impedance.py's ignoreBelowX.</summary>
    public ImpedanceSpectrum CapacitiveOnly()
    {
        var keep = Enumerable.Range(0, Count).Where(i => Z[i].Imaginary < 0).ToArray();
        if (keep.Length == 0) throw new NitrolyteInputException($"{SourceFile ?? "spectrum"}: no points with Z'' < 0");
        return Select(keep);
    }

    public ImpedanceSpectrum Select(int[] indices) =>
        new(indices.Select(i => FrequenciesHz[i]).ToArray(), indices.Select(i => Z[i]).ToArray(), SourceFile)
        { Timestamp = Timestamp, TimeS = TimeS, TemperatureC = TemperatureC, Label = Label, Columns = Columns };

    /// <summary>True when the high-frequency end (top third of the frequencies) has at least two points with a
    /// clearly positive Z'' (above <paramref name="relativeThreshold"/> of the point's |Z|): an inductive tail
    /// from cables or a cell geometry, not noise around Z'' = 0.</summary>
    public bool HasInductivePoints(double relativeThreshold = 0.01)
    {
        var top = Enumerable.Range(0, Count).OrderByDescending(i => FrequenciesHz[i]).Take(Math.Max(2, Count / 3));
        return top.Count(i => Z[i].Imaginary > relativeThreshold * Z[i].Magnitude) >= 2;
    }
}
