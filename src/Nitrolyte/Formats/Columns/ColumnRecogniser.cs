using Nitrolyte.Core;

namespace Nitrolyte.Formats.Columns;

/// <summary>
/// The one mechanism every text reader uses to find its columns: each header cell is read as name + unit (+ sign)
/// (<see cref="HeaderCell"/>), names are matched to the wanted <see cref="Quantity"/>s, units converted with their SI
/// prefixes (<see cref="Units"/>). A <see cref="ColumnSpec"/> from <c>--columns</c> takes precedence. Refusals are
/// <see cref="NitrolyteFormatException"/>s that list the columns found and show how to say it with <c>--columns</c>:
/// a unit that cannot be understood, two candidate columns for one quantity, a required quantity missing, a unit
/// required but absent.
/// </summary>
public static class ColumnRecogniser
{
    /// <summary>A quantity the reader wants, and whether it must be there.</summary>
    public sealed record Request(Quantity Quantity, bool Required = true);

    private enum Level { None, BadUnit, MissingUnit, Assumed, Stated }

    private sealed record Candidate(int Index, Level Level, int Rank, string? Unit, bool Negated);

    /// <param name="path">file named in messages</param>
    /// <param name="header">the header cells as in the file</param>
    /// <param name="requests">what to look for</param>
    /// <param name="spec">the user's <c>--columns</c>, or null</param>
    /// <param name="headerLine">1-based line of the header, for messages</param>
    /// <param name="example">a <c>--columns</c> example for this kind of file, shown in refusals</param>
    public static ColumnMap Resolve(string path, IReadOnlyList<string> header, IReadOnlyList<Request> requests,
        ColumnSpec? spec = null, long? headerLine = null, string? example = null)
    {
        var cells = header.Select(h => new HeaderCell(h)).ToArray();
        var readings = new List<ColumnReading>();
        var used = new HashSet<int>();
        example ??= string.Join(", ", requests.Select(r => $"{r.Quantity.Aliases?.FirstOrDefault() ?? r.Quantity.Key}=<column>/<unit>"));

        if (spec is not null)
        {
            foreach (var choice in spec.Choices)
            {
                var q = requests.Select(r => r.Quantity).FirstOrDefault(x => x.IsCalled(choice.Key))
                    ?? throw new NitrolyteInputException($"--columns: '{choice.Key}' is not a column this file needs; valid keys: {string.Join(", ", requests.Select(r => Describe(r.Quantity)))}");
                var reading = FromChoice(path, header, cells, q, choice, headerLine);
                readings.Add(reading);
                used.Add(reading.Index);
            }
        }

        foreach (var request in requests)
        {
            var q = request.Quantity;
            if (readings.Any(r => r.Key == q.Key)) continue;
            var best = new List<Candidate>();
            for (int i = 0; i < cells.Length; i++)
            {
                if (used.Contains(i)) continue;
                var c = Assess(cells[i], q, i);
                if (c.Level == Level.None) continue;
                // "Z Real" could be "Z" in the unit "Real" (not understood) but reads cleanly as Z' : a cell that another
                // wanted quantity reads without a unit problem is not this quantity's bad-unit candidate
                if (c.Level is Level.BadUnit or Level.MissingUnit
                    && requests.Any(r => r.Quantity.Key != q.Key && Assess(cells[i], r.Quantity, i).Level >= Level.Assumed)) continue;
                best.Add(c);
            }
            if (best.Count == 0)
            {
                if (request.Required)
                    throw new NitrolyteFormatException(path, $"no {q.Key} column recognised among: {Found(header)}; name it with --columns \"{example}\"", headerLine);
                continue;
            }
            var top = best.Max(c => c.Level);
            var atTop = best.Where(c => c.Level == top).ToList();
            int minRank = atTop.Min(c => c.Rank);
            atTop = atTop.Where(c => c.Rank == minRank).ToList();
            if (atTop.Count > 1)
                throw new NitrolyteFormatException(path, $"{atTop.Count} columns could hold the {q.Key}: {string.Join(", ", atTop.Select(c => $"'{header[c.Index].Trim()}'"))}; say which with --columns \"{example}\"", headerLine);
            var pick = atTop[0];
            switch (pick.Level)
            {
                case Level.BadUnit:
                    throw new NitrolyteFormatException(path, $"the unit '{pick.Unit}' of column '{header[pick.Index].Trim()}' is not understood as a {Dimensions(q.Dimension)} unit; state it with --columns \"{example}\"", headerLine);
                case Level.MissingUnit:
                    throw new NitrolyteFormatException(path, $"no {q.Key} column with a unit: column '{header[pick.Index].Trim()}' ({q.Key}) has no unit and none can be assumed; give it in the header (e.g. '{header[pick.Index].Trim()} ({ExampleUnit(q.Dimension)})') or with --columns \"{example}\"", headerLine);
                case Level.Assumed:
                    Units.TryParse(q.DefaultUnit, q.Dimension, out var du);
                    readings.Add(new ColumnReading(q, pick.Index, header[pick.Index].Trim(), du, pick.Negated ? -1 : 1, UnitSource.AssumedDefault));
                    break;
                case Level.Stated:
                    Units.TryParse(pick.Unit, q.Dimension, out var su);
                    readings.Add(new ColumnReading(q, pick.Index, header[pick.Index].Trim(), su, pick.Negated ? -1 : 1, UnitSource.Header));
                    break;
            }
            used.Add(pick.Index);
        }
        return new ColumnMap(readings);
    }

    /// <summary>
    /// Does the header cell name <paramref name="q"/> at all (whatever its unit says)? Readers use it to find which
    /// line is the header before resolving it strictly.
    /// </summary>
    public static bool Names(string cell, Quantity q) => Assess(new HeaderCell(cell), q, 0).Level != Level.None;

    /// <summary>"Freq/kHz, Zre/kOhm, -Zim/kOhm" for messages.</summary>
    public static string Found(IReadOnlyList<string> header) =>
        header.Count == 0 ? "(no columns)" : string.Join(", ", header.Select(h => $"'{h.Trim()}'"));

    private static string Describe(Quantity q) => q.Aliases is { Count: > 0 } a ? $"{q.Key} ({string.Join("/", a)})" : q.Key;

    private static Candidate Assess(HeaderCell cell, Quantity q, int index)
    {
        var best = new Candidate(index, Level.None, int.MaxValue, null, false);
        foreach (var split in cell.Splits)
        {
            int rank = q.Rank(split.Name);
            if (rank < 0) continue;
            if (split.Negated && !q.MayBeNegated) continue;
            Level level;
            if (split.Unit is null) level = q.DefaultUnit is null ? Level.MissingUnit : Level.Assumed;
            else if (Units.TryParse(split.Unit, q.Dimension, out _)) level = Level.Stated;
            else if (Units.IsAnyUnit(split.Unit)) continue; // a unit of another quantity: "Step (Sec)" is not a step count
            else level = Level.BadUnit;
            if (level > best.Level || level == best.Level && rank < best.Rank)
                best = new Candidate(index, level, rank, split.Unit, split.Negated);
        }
        return best;
    }

    private static ColumnReading FromChoice(string path, IReadOnlyList<string> header, HeaderCell[] cells, Quantity q, ColumnSpec.Choice choice, long? headerLine)
    {
        int index = -1;
        bool negated = choice.Negated;
        string? headerUnit = null;
        if (choice.Position is { } pos)
        {
            if (pos > header.Count && header.Count > 0)
                throw new NitrolyteFormatException(path, $"--columns {choice.Key}={choice.Reference}: the file has only {header.Count} columns", headerLine);
            index = pos - 1;
        }
        else
        {
            // the whole reference as the header text first ("-Zim" names the column "-Zim", which holds −Z'')
            for (int i = 0; i < header.Count && index < 0; i++)
                if (string.Equals(header[i].Trim().Trim('"'), choice.Reference, StringComparison.OrdinalIgnoreCase)) { index = i; negated = choice.Reference.StartsWith('-'); }
            for (int i = 0; i < cells.Length && index < 0; i++)
            {
                foreach (var s in cells[i].Splits)
                    if (s.Name == choice.Name) { index = i; negated = choice.Negated || s.Negated; headerUnit = s.Unit; break; }
            }
            if (index < 0)
                throw new NitrolyteFormatException(path, $"--columns {choice.Key}={choice.Reference}: no such column among {Found(header)}", headerLine);
            if (headerUnit is null)
                headerUnit = cells[index].Splits.FirstOrDefault(s => s.Unit is not null && Units.TryParse(s.Unit, q.Dimension, out _)).Unit;
        }
        string name = index < header.Count ? header[index].Trim() : $"column {index + 1}";
        if (choice.Unit is not null)
        {
            if (!Units.TryParse(choice.Unit, q.Dimension, out var u))
                throw new NitrolyteInputException($"--columns {choice.Key}={choice.Reference}: '{choice.Unit}' is not a {Dimensions(q.Dimension)} unit (e.g. {ExampleUnit(q.Dimension)})");
            return new ColumnReading(q, index, name, u, negated ? -1 : 1, UnitSource.ColumnsOption);
        }
        if (headerUnit is not null && Units.TryParse(headerUnit, q.Dimension, out var hu))
            return new ColumnReading(q, index, name, hu, negated ? -1 : 1, UnitSource.Header);
        if (q.DefaultUnit is not null && Units.TryParse(q.DefaultUnit, q.Dimension, out var d))
            return new ColumnReading(q, index, name, d, negated ? -1 : 1, UnitSource.AssumedDefault);
        throw new NitrolyteInputException($"--columns {choice.Key}={choice.Reference}: a {q.Key} needs a unit (e.g. {choice.Key}={choice.Reference}/{ExampleUnit(q.Dimension)})");
    }

    private static string Dimensions(Dimension d) => d.ToString().ToLowerInvariant();

    private static string ExampleUnit(Dimension d) => d switch
    {
        Dimension.Frequency => "Hz",
        Dimension.Impedance => "Ohm",
        Dimension.Angle => "deg",
        Dimension.Temperature => "°C",
        Dimension.Conductivity => "S/cm",
        Dimension.Time => "s",
        Dimension.Voltage => "V",
        Dimension.Current => "mA",
        Dimension.Charge => "mAh",
        Dimension.Energy => "Wh",
        Dimension.Rate => "1/s",
        Dimension.Percent => "%",
        _ => "1",
    };
}
