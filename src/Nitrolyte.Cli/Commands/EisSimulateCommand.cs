using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Impedance;

namespace Nitrolyte.Cli.Commands;

/// <summary>`nitrolyte eis simulate`: a circuit on a log frequency grid, optionally with seeded noise, as a CSV spectrum.</summary>
internal static class EisSimulateCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var circuit = new Option<string>("--circuit") { Description = EisCommand.CircuitHelp, Required = true };
        var pars = new Option<string>("--params") { Description = "All parameters, name=value,... (names as in the circuit: R0, CPE1_0, CPE1_1, ...).", Required = true };
        var fmin = new Option<double>("--fmin") { Description = "Lowest frequency (Hz), default 0.1.", DefaultValueFactory = _ => 0.1 };
        var fmax = new Option<double>("--fmax") { Description = "Highest frequency (Hz), default 1e6.", DefaultValueFactory = _ => 1e6 };
        var ppd = new Option<int>("--points-per-decade") { Description = "Points per decade (default 10; at most 1000, and at most 100,000 points in all).", DefaultValueFactory = _ => 10 };
        var noise = new Option<double>("--noise-pct") { Description = "Gaussian noise on Z' and Z'', percent of |Z| (default 0).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the noise (default 1).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "CSV file to write (f/Hz, Z'/Ohm, Z''/Ohm).", Required = true };
        var cmd = new Command("simulate", "Evaluate a circuit on a log frequency grid (optionally with seeded noise) and write a CSV spectrum.\n"
            + "Example: nitrolyte eis simulate --circuit \"R0-p(R1,CPE1)\" --params R0=100,R1=1000,CPE1_0=1e-6,CPE1_1=0.9 --noise-pct 1 --out sim.csv") { circuit, pars, fmin, fmax, ppd, noise, seed, output };
        cmd.SetHandler(p =>
        {
            var c = Impedance.Circuit.Parse(p.GetValue(circuit)!);
            var given = EisCommand.ParseAssignments(p.GetValue(pars), "--params") ?? throw new UsageException("--params is empty");
            var values = new double[c.ParameterCount];
            foreach (var (name, v) in given)
            {
                int k = c.IndexOf(name);
                if (k < 0) throw new UsageException($"--params: circuit {c.Text} has no parameter '{name}' (it has {string.Join(", ", c.Parameters.Select(x => x.Name))})");
                values[k] = v;
            }
            var missing = c.Parameters.Where(x => !given.ContainsKey(x.Name)).Select(x => x.Name).ToList();
            if (missing.Count > 0) throw new UsageException($"--params: missing {string.Join(", ", missing)}");
            double lo = p.GetValue(fmin), hi = p.GetValue(fmax);
            int per = p.GetValue(ppd);
            if (!(lo > 0) || !(hi > lo)) throw new UsageException("need 0 < --fmin < --fmax");
            if (per < 1) throw new UsageException("--points-per-decade must be at least 1");
            if (per > 1000) throw new UsageException($"--points-per-decade {per}: at most 1000");
            if (Math.Log10(hi / lo) * per + 1 > 100_000)
                throw new UsageException($"--fmin {lo.ToString(Inv)} to --fmax {hi.ToString(Inv)} at {per} points per decade gives {Math.Log10(hi / lo) * per + 1:0} points: at most 100,000");
            if (!(p.GetValue(noise) >= 0)) throw new UsageException($"--noise-pct {p.GetValue(noise).ToString(Inv)} must be 0 or positive");
            int n = (int)Math.Round(Math.Log10(hi / lo) * per) + 1;
            var f = Enumerable.Range(0, n).Select(k => hi * Math.Pow(10, -k / (double)per)).ToArray();
            var negative = c.Parameters.Where((x, k) => (x.Positive && values[k] < 0) || !double.IsFinite(values[k])).Select(x => x.Name).ToList();
            if (negative.Count > 0) throw new NitrolyteInputException($"--params: {string.Join(", ", negative)} must be a finite number ≥ 0");
            var z = c.Simulate(f, values);
            int bad = Array.FindIndex(z, v => !double.IsFinite(v.Real) || !double.IsFinite(v.Imaginary));
            if (bad >= 0)
                throw new NitrolyteInputException($"--params: circuit {c.Text} gives no finite impedance at {f[bad].ToString("G4", Inv)} Hz with {p.GetValue(pars)} (a zero C, Q or τ?)");
            double pct = p.GetValue(noise);
            var rng = new Random(p.GetValue(seed));
            var sb = new StringBuilder();
            var generatedBy = $"nitrolyte eis simulate --circuit {c.Text} --params {p.GetValue(pars)} --fmin {lo.ToString(Inv)} --fmax {hi.ToString(Inv)} --points-per-decade {per} --noise-pct {pct.ToString(Inv)} --seed {p.GetValue(seed)}";
            sb.AppendLine("f/Hz,Z'/Ohm,Z''/Ohm");
            for (int i = 0; i < n; i++)
            {
                var zi = z[i];
                if (pct > 0)
                {
                    double s = pct / 100 * zi.Magnitude;
                    zi += new Complex(s * CnlsFitter.Gaussian(rng), s * CnlsFitter.Gaussian(rng));
                }
                sb.AppendLine(string.Create(Inv, $"{f[i]:G10},{zi.Real:G10},{zi.Imaginary:G10}"));
            }
            AtomicFile.WriteAllText(p.GetValue(output)!, sb.ToString());
            Nitrolyte.Formats.CsvMetadata.Write(p.GetValue(output)!, Nitrolyte.Formats.CsvMetadata.ForTable(p.GetValue(output)!,
                [("f/Hz", "Hz"), ("Z'/Ohm", "Ohm"), ("Z''/Ohm", "Ohm")], generatedBy));
            Console.Error.WriteLine($"wrote {n} points ({hi:G3} to {lo:G3} Hz) to {p.GetValue(output)}");
            return 0;
        });
        return cmd;
    }
}
