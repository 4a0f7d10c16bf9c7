using System.Numerics;
using System.Text;
using Nitrolyte.Core;

namespace Nitrolyte.Impedance;

/// <summary>Scratch space of one evaluation over a fixed set of frequencies: ω, ln ω and one impedance buffer per
/// node (so a fit evaluates without allocating). Not shared between threads.</summary>
internal sealed class CircuitWorkspace
{
    public readonly double[] Omega;
    public readonly double[] LnOmega;
    public readonly Complex[][] Buffers;
    public int Count => Omega.Length;

    public CircuitWorkspace(Circuit c, ReadOnlySpan<double> omega)
    {
        Omega = omega.ToArray();
        LnOmega = new double[Omega.Length];
        for (int i = 0; i < Omega.Length; i++) LnOmega[i] = Math.Log(Omega[i]);
        Buffers = new Complex[c.NodeCount][];
        for (int k = 0; k < Buffers.Length; k++) Buffers[k] = new Complex[Omega.Length];
    }
}

/// <summary>A node of a circuit tree: an element, a series or a parallel combination.</summary>
public abstract class CircuitNode
{
    /// <summary>Index of this subtree's first parameter; a subtree's parameters are contiguous (depth-first order).</summary>
    public int ParamStart { get; internal set; }
    public int ParamCount { get; internal set; }
    internal int Id { get; set; }
    public abstract IReadOnlyList<CircuitNode> Children { get; }

    /// <summary>Z at every frequency of the workspace into <paramref name="z"/>, and ∂Z/∂p into the columns
    /// <c>grad[k * n + i]</c> of this subtree's parameters (series: unchanged; parallel: (Z/Z_child)² ∂Z_child/∂p).</summary>
    internal abstract void Eval(CircuitWorkspace ws, ReadOnlySpan<double> p, Span<Complex> z, Span<Complex> grad);

    /// <summary>Every element in this subtree, left to right.</summary>
    public IEnumerable<ElementNode> Elements() => this is ElementNode e ? [e] : Children.SelectMany(c => c.Elements());
}

public sealed class ElementNode(ElementKind kind, string name) : CircuitNode
{
    public ElementKind Kind { get; } = kind;
    public string Name { get; } = name;
    public ElementDefinition Definition { get; } = CircuitElements.Get(kind);
    public override IReadOnlyList<CircuitNode> Children => [];
    internal override void Eval(CircuitWorkspace ws, ReadOnlySpan<double> p, Span<Complex> z, Span<Complex> grad)
    {
        int n = ws.Count;
        Definition.Impedance(ws.Omega, ws.LnOmega, p.Slice(ParamStart, ParamCount), z, grad.Slice(ParamStart * n, ParamCount * n));
    }
    public override string ToString() => Name;
}

public sealed class SeriesNode(IReadOnlyList<CircuitNode> children) : CircuitNode
{
    public override IReadOnlyList<CircuitNode> Children { get; } = children;
    internal override void Eval(CircuitWorkspace ws, ReadOnlySpan<double> p, Span<Complex> z, Span<Complex> grad)
    {
        int n = ws.Count;
        z[..n].Clear();
        foreach (var c in Children)
        {
            var zc = ws.Buffers[c.Id].AsSpan();
            c.Eval(ws, p, zc, grad);
            for (int i = 0; i < n; i++) z[i] += zc[i];
        }
    }
    public override string ToString() => string.Join("-", Children.Select(c => c.ToString()));
}

public sealed class ParallelNode(IReadOnlyList<CircuitNode> children) : CircuitNode
{
    public override IReadOnlyList<CircuitNode> Children { get; } = children;
    internal override void Eval(CircuitWorkspace ws, ReadOnlySpan<double> p, Span<Complex> z, Span<Complex> grad)
    {
        int n = ws.Count;
        // z holds the admittance sum first
        z[..n].Clear();
        foreach (var c in Children)
        {
            var zc = ws.Buffers[c.Id].AsSpan();
            c.Eval(ws, p, zc, grad);
            for (int i = 0; i < n; i++) z[i] += 1 / zc[i];
        }
        for (int i = 0; i < n; i++) z[i] = 1 / z[i];
        // dZ/dp = (Z/Zi)^2 dZi/dp for p in child i
        foreach (var c in Children)
        {
            var zc = ws.Buffers[c.Id];
            for (int i = 0; i < n; i++)
            {
                var r = z[i] / zc[i];
                zc[i] = r * r;
            }
            for (int k = c.ParamStart; k < c.ParamStart + c.ParamCount; k++)
            {
                var col = grad.Slice(k * n, n);
                for (int i = 0; i < n; i++) col[i] *= zc[i];
            }
        }
    }
    public override string ToString() => "p(" + string.Join(",", Children.Select(c => c.ToString())) + ")";
}

/// <summary>
/// An equivalent circuit parsed from text. Three notations are accepted:
/// impedance.py style <c>R0-p(R1,CPE1)-Wo1</c> ('-' series, p(a,b) parallel);
/// EISFitpython style <c>(R1|Q1)+(R2|Q2)+Q3</c> ('+' series, '|' parallel, '+' binds tighter than '|');
/// Boukamp's circuit description code <c>R(RQ)(RQ)Q</c> (top level series, (…) parallel, […] series,
/// elements R C L Q W O (= Wo) T (= Ws) G, numbered per type from 1).
/// Element names are a type (R, C, L, CPE or Q, W, Wo, Ws, G, La) followed by a label; parameters are named
/// after the element (<c>R0</c>) or element_index for two-parameter elements (<c>CPE1_0</c> = Q, <c>CPE1_1</c> = n).
/// </summary>
public sealed class Circuit
{
    public string Text { get; }
    public CircuitNode Root { get; }
    public IReadOnlyList<CircuitParameter> Parameters { get; }
    public int ParameterCount => Parameters.Count;

    private Circuit(string text, CircuitNode root, IReadOnlyList<CircuitParameter> parameters)
    {
        Text = text; Root = root; Parameters = parameters;
    }

    public int IndexOf(string parameterName)
    {
        for (int i = 0; i < Parameters.Count; i++)
            if (string.Equals(Parameters[i].Name, parameterName, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>Number of nodes of the tree (workspace buffers).</summary>
    internal int NodeCount { get; private set; }

    /// <summary>Impedance at one frequency (Hz).</summary>
    public Complex Impedance(double frequencyHz, ReadOnlySpan<double> p) => Simulate([frequencyHz], p)[0];

    public Complex[] Simulate(IReadOnlyList<double> frequenciesHz, ReadOnlySpan<double> p)
    {
        CheckLength(p);
        var omega = new double[frequenciesHz.Count];
        for (int i = 0; i < omega.Length; i++) omega[i] = 2 * Math.PI * frequenciesHz[i];
        var ws = new CircuitWorkspace(this, omega);
        var z = new Complex[omega.Length];
        var grad = new Complex[omega.Length * ParameterCount];
        Root.Eval(ws, p, z, grad);
        return z;
    }

    /// <summary>Impedance at each angular frequency and dZ/dp (row-major: jacobian[i * P + k]).</summary>
    public void Evaluate(ReadOnlySpan<double> omega, ReadOnlySpan<double> p, Span<Complex> z, Span<Complex> jacobian)
    {
        int np = ParameterCount, n = omega.Length;
        var ws = new CircuitWorkspace(this, omega);
        var cols = new Complex[n * np];
        Root.Eval(ws, p, z, cols);
        for (int k = 0; k < np; k++)
            for (int i = 0; i < n; i++) jacobian[i * np + k] = cols[k * n + i];
    }

    /// <summary>Impedance and dZ/dp by columns (<c>columns[k * n + i]</c>) over the workspace's frequencies, allocation-free.</summary>
    internal void Evaluate(CircuitWorkspace ws, ReadOnlySpan<double> p, Span<Complex> z, Span<Complex> columns) => Root.Eval(ws, p, z, columns);

    private void CheckLength(ReadOnlySpan<double> p)
    {
        if (p.Length != ParameterCount)
            throw new NitrolyteInputException($"circuit {Text} has {ParameterCount} parameters ({string.Join(", ", Parameters.Select(x => x.Name))}), got {p.Length} values");
    }

    public override string ToString() => Text;

    // ------------------------------------------------------------------ parsing


    public static Circuit Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new NitrolyteInputException("circuit: empty circuit string");
        var s = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        CircuitNode root;
        if (s.Contains('-') || s.Contains("p(")) root = new DashParser(s).Parse();
        else if (s.Contains('+') || s.Contains('|')) root = new PlusParser(s).Parse();
        else if (!s.Any(char.IsDigit) && s.All(c => "()[]".Contains(c) || CircuitElements.All.Any(d => d.BoukampLetter == c))) root = ParseBoukamp(s);
        else root = new DashParser(s).Parse();

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in root.Elements())
            if (!names.Add(e.Name)) throw new NitrolyteInputException($"circuit '{text}': element name {e.Name} is used twice");
        var parameters = new List<CircuitParameter>();
        Number(root, parameters);
        int id = 0;
        void Ids(CircuitNode node) { node.Id = id++; foreach (var c in node.Children) Ids(c); }
        Ids(root);
        return new Circuit(s, root, parameters) { NodeCount = id };
    }

    private static void Number(CircuitNode node, List<CircuitParameter> list)
    {
        node.ParamStart = list.Count;
        if (node is ElementNode e)
        {
            var ps = ElementInfo.Parameters(e.Kind);
            for (int i = 0; i < ps.Length; i++)
                list.Add(new CircuitParameter(e.Name + ps[i].Suffix, ps[i].Unit, e.Name, e.Kind, i, ps[i].Lower, ps[i].Upper));
        }
        else foreach (var c in node.Children) Number(c, list);
        node.ParamCount = list.Count - node.ParamStart;
    }

    private static CircuitNode Simplify(List<CircuitNode> items, bool parallel) =>
        items.Count == 1 ? items[0] : parallel ? new ParallelNode(items) : new SeriesNode(items);

    private static NitrolyteInputException Error(string s, int pos, string what) =>
        new($"circuit '{s}': {what} at position {pos + 1}{(pos >= s.Length ? " (end of text)" : $" ('{s[pos]}')")}");

    private static ElementNode ReadElement(string s, ref int pos)
    {
        foreach (var (prefix, def) in CircuitElements.Prefixes)
        {
            var kind = def.Kind;
            if (pos + prefix.Length <= s.Length && string.CompareOrdinal(s, pos, prefix, 0, prefix.Length) == 0)
            {
                int end = pos + prefix.Length;
                while (end < s.Length && (char.IsLetterOrDigit(s[end]) || s[end] == '_')) end++;
                var label = s[(pos + prefix.Length)..end];
                if (label.Length == 0) throw Error(s, end, $"element {prefix} needs a label (e.g. {prefix}1)");
                var name = s[pos..end];
                pos = end;
                return new ElementNode(kind, name);
            }
        }
        throw Error(s, pos, $"expected an element ({string.Join(", ", CircuitElements.All.SelectMany(d => d.Prefixes))} followed by a number)");
    }

    /// <summary>impedance.py notation: series := term ('-' term)*; term := 'p(' series (',' series)+ ')' | element.</summary>
    private sealed class DashParser(string s)
    {
        private int _pos;
        public CircuitNode Parse()
        {
            var n = Series();
            if (_pos != s.Length) throw Error(s, _pos, "unexpected character");
            return n;
        }
        private CircuitNode Series()
        {
            var items = new List<CircuitNode> { Term() };
            while (_pos < s.Length && s[_pos] == '-') { _pos++; items.Add(Term()); }
            return Simplify(items, false);
        }
        private CircuitNode Term()
        {
            if (_pos + 1 < s.Length && s[_pos] == 'p' && s[_pos + 1] == '(')
            {
                _pos += 2;
                var items = new List<CircuitNode> { Series() };
                while (_pos < s.Length && s[_pos] == ',') { _pos++; items.Add(Series()); }
                if (_pos >= s.Length || s[_pos] != ')') throw Error(s, _pos, "expected ',' or ')' to close p(");
                _pos++;
                if (items.Count < 2) throw Error(s, _pos - 1, "p( ) needs at least two branches");
                return new ParallelNode(items);
            }
            if (_pos >= s.Length) throw Error(s, _pos, "expected an element");
            return ReadElement(s, ref _pos);
        }
    }

    /// <summary>EISFitpython notation: expr := sum ('|' sum)*; sum := atom ('+' atom)*; atom := '(' expr ')' | element.</summary>
    private sealed class PlusParser(string s)
    {
        private int _pos;
        public CircuitNode Parse()
        {
            var n = Expr();
            if (_pos != s.Length) throw Error(s, _pos, "unexpected character");
            return n;
        }
        private CircuitNode Expr()
        {
            var items = new List<CircuitNode> { Sum() };
            while (_pos < s.Length && s[_pos] == '|') { _pos++; items.Add(Sum()); }
            return Simplify(items, true);
        }
        private CircuitNode Sum()
        {
            var items = new List<CircuitNode> { Atom() };
            while (_pos < s.Length && s[_pos] == '+') { _pos++; items.Add(Atom()); }
            return Simplify(items, false);
        }
        private CircuitNode Atom()
        {
            if (_pos < s.Length && s[_pos] == '(')
            {
                _pos++;
                var n = Expr();
                if (_pos >= s.Length || s[_pos] != ')') throw Error(s, _pos, "expected ')'");
                _pos++;
                return n;
            }
            if (_pos >= s.Length) throw Error(s, _pos, "expected an element");
            return ReadElement(s, ref _pos);
        }
    }

    /// <summary>Boukamp CDC: top level series; '(' opens a parallel group at odd depth, a series group at even depth; '[' a series group.</summary>
    private static CircuitNode ParseBoukamp(string s)
    {
        var counters = new Dictionary<char, int>();
        int pos = 0;
        CircuitNode Group(bool parallel, char close)
        {
            var items = new List<CircuitNode>();
            while (pos < s.Length && s[pos] != close)
            {
                char c = s[pos];
                if (c == '(') { pos++; items.Add(Group(!parallel, ')')); }
                else if (c == '[') { pos++; items.Add(Group(false, ']')); }
                else if (c is ')' or ']') throw Error(s, pos, "unbalanced bracket");
                else
                {
                    var def = CircuitElements.All.FirstOrDefault(d => d.BoukampLetter == c) ?? throw Error(s, pos, "unknown Boukamp element");
                    counters[c] = counters.GetValueOrDefault(c) + 1;
                    // Boukamp's Q is named CPE-style Q1; other letters map to the element's own prefix (O -> Wo1)
                    var prefix = def.Prefixes.Contains(c.ToString()) ? c.ToString() : def.Prefixes[0];
                    items.Add(new ElementNode(def.Kind, prefix + counters[c]));
                    pos++;
                }
            }
            if (close != '\0')
            {
                if (pos >= s.Length) throw Error(s, pos, $"expected '{close}'");
                pos++;
            }
            if (items.Count == 0) throw Error(s, pos - 1, "empty group");
            return Simplify(items, parallel);
        }
        var root = Group(false, '\0');
        return root;
    }

    /// <summary>The circuit in impedance.py notation.</summary>
    public string Canonical => Root.ToString() ?? Text;
}
