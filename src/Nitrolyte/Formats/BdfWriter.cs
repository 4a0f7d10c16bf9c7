using System.Globalization;
using System.Text;
using Nitrolyte.Electrochemistry;

namespace Nitrolyte.Formats;

/// <summary>
/// Battery Data Format (Battery Data Alliance) CSV: one cell per file, columns named "Quantity / unit":
/// <c>Test Time / s</c>, <c>Voltage / V</c>, <c>Current / A</c> (required), then <c>Unix Time / s</c> when the start
/// time (or the instrument's absolute timestamps) is known, <c>Cycle Count / 1</c> and <c>Step Count / 1</c> when
/// the file counts them, and the instrument's own capacities (<c>Charging Capacity / Ah</c>,
/// <c>Discharging Capacity / Ah</c>) and energies (<c>/ Wh</c>) when it records them (Neware). Current follows the
/// BDF convention, positive on charge, which is the time series' convention. The metadata go to the
/// <c>.metadata.json</c> sidecar (<see cref="CsvMetadata"/>).
/// </summary>
public static class BdfWriter
{
    /// <summary>Recorded capacity/energy columns mapped to BDF names and the factor to Ah / Wh.</summary>
    private static readonly (string From, string To, double Factor)[] Recorded =
    [
        ("Charge_Capacity(mAh)", "Charging Capacity / Ah", 1e-3), ("Discharge_Capacity(mAh)", "Discharging Capacity / Ah", 1e-3),
        ("Charge_Energy(mWh)", "Charging Energy / Wh", 1e-3), ("Discharge_Energy(mWh)", "Discharging Energy / Wh", 1e-3),
        ("Charge_Capacity(Ah)", "Charging Capacity / Ah", 1), ("Discharge_Capacity(Ah)", "Discharging Capacity / Ah", 1),
        ("Charge_Energy(Wh)", "Charging Energy / Wh", 1), ("Discharge_Energy(Wh)", "Discharging Energy / Wh", 1),
    ];

    /// <summary>The BDF column names <see cref="Write"/> writes for this series, in order.</summary>
    public static IReadOnlyList<string> Columns(TimeSeries ts) => Plan(ts).Select(c => c.Name).ToList();

    private static List<(string Name, Func<int, double> Value)> Plan(TimeSeries ts)
    {
        var cols = new List<(string, Func<int, double>)>
        {
            ("Test Time / s", i => ts.TimeS[i]),
            ("Voltage / V", i => ts.VoltageV[i]),
            ("Current / A", i => ts.HasCurrent ? ts.CurrentA[i] : double.NaN),
        };
        if (ts.Extra.TryGetValue("Unix Time / s", out var unix)) cols.Add(("Unix Time / s", i => unix[i]));
        else if (ts.StartTime is { } st)
        {
            double t0 = (st.DateTime - DateTime.UnixEpoch).TotalSeconds; // instrument local time, as the start time is
            cols.Add(("Unix Time / s", i => t0 + ts.TimeS[i]));
        }
        if (ts.Cycle is { } cyc) cols.Add(("Cycle Count / 1", i => cyc[i]));
        if (ts.Step is { } stp) cols.Add(("Step Count / 1", i => stp[i]));
        var seen = new HashSet<string>();
        foreach (var (from, to, k) in Recorded)
            if (ts.Extra.TryGetValue(from, out var v) && seen.Add(to)) cols.Add((to, i => v[i] * k));
        return cols;
    }

    /// <summary>The same columns as a Parquet file (<c>.bdf.parquet</c>): one row group, every column a non-nullable
    /// double (a missing value is NaN), written with Parquet.Net.</summary>
    public static void WriteParquet(TimeSeries ts, Stream output)
    {
        var plan = Plan(ts);
        var fields = plan.Select(c => new Parquet.Schema.DataField<double>(c.Name, false)).ToArray();
        var schema = new Parquet.Schema.ParquetSchema(fields);
        // Parquet.Net is asynchronous; the CLI is not: run it to completion here (no synchronisation context)
        Task.Run(async () =>
        {
            await using var writer = await Parquet.ParquetWriter.CreateAsync(schema, output);
            using var group = writer.CreateRowGroup();
            for (int c = 0; c < plan.Count; c++)
            {
                var values = new double[ts.Count];
                for (int i = 0; i < values.Length; i++) values[i] = plan[c].Value(i);
                await group.WriteAsync<double>(fields[c], values.AsMemory());
            }
        }).GetAwaiter().GetResult();
    }

    public static void Write(TimeSeries ts, TextWriter w)
    {
        var plan = Plan(ts);
        w.Write(string.Join(',', plan.Select(c => c.Name)));
        w.Write('\n');
        var sb = new StringBuilder(256);
        // numbers formatted into a stack buffer: no string per cell (a 1 GB file has tens of millions of cells)
        Span<char> buf = stackalloc char[32];
        for (int i = 0; i < ts.Count; i++)
        {
            sb.Clear();
            for (int c = 0; c < plan.Count; c++)
            {
                if (c > 0) sb.Append(',');
                double v = plan[c].Value(i);
                if (double.IsNaN(v)) continue;
                if (v.TryFormat(buf, out int len, "R", CultureInfo.InvariantCulture)) sb.Append(buf[..len]);
                else sb.Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
            w.Write(sb);
        }
    }
}
