using System.Numerics;
using System.Text;
using Nitrolyte.Core;

namespace Nitrolyte.Impedance;

/// <summary>A node of a circuit tree: an element, a series or a parallel combination.</summary>
public abstract class CircuitNode
{
    /// <summary>Index of this subtree's first parameter; a subtree's parameters are contiguous (depth-first order).</summary>
    public int ParamStart { get; internal set; }
    public int ParamCount { get; internal set; }
    public abstract IReadOnlyList<CircuitNode> Children { get; }
    internal abstract Complex Eval(double w, ReadOnlySpan<double> p, Span<Complex> grad);

    /// <summary>Every element in this subtree, left to right.</summary>
    public IEnumerable<ElementNode> Elements() => this is ElementNode e ? [e] : Children.SelectMany(c => c.Elements());
}

public sealed class ElementNode(ElementKind kind, string name) : CircuitNode
{
    public ElementKind Kind { get; } = kind;
    public string Name { get; } = name;
    public override IReadOnlyList<CircuitNode> Children => [];
    internal override Complex Eval(double w, ReadOnlySpan<double> p, Span<Complex> grad) =>
        ElementInfo.Evaluate(Kind, w, p.Slice(ParamStart, ParamCount), grad.Slice(ParamStart, ParamCount));
    public override string ToString() => Name;
}

public sealed class SeriesNode(IReadOnlyList<CircuitNode> children) : CircuitNode
{
    public override IReadOnlyList<CircuitNode> Children { get; } = children;
    internal override Complex Eval(double w, ReadOnlySpan<double> p, Span<Complex> grad)
    {
        Complex z = 0;
        foreach (var c in Children) z += c.Eval(w, p, grad);
        return z;
    }
    public override string ToString() => string.Join("-", Children.Select(c => c.ToString()));
}

public sealed class ParallelNode(IReadOnlyList<CircuitNode> children) : CircuitNode
{
    public override IReadOnlyList<CircuitNode> Children { get; } = children;
    internal override Complex Eval(double w, ReadOnlySpan<double> p, Span<Complex> grad)
    {
        Span<Complex> zs = stackalloc Complex[Children.Count];
        Complex y = 0;
        for (int i = 0; i < Children.Count; i++)
        {
            zs[i] = Children[i].Eval(w, p, grad);
            y += 1 / zs[i];
        }
        var z = 1 / y;
        // dZ/dp = (Z/Zi)^2 dZi/dp for p in child i
        for (int i = 0; i < Children.Count; i++)
        {
            var c = Children[i];
            var r = z / zs[i];
            var s = r * r;
            for (int k = c.ParamStart; k < c.ParamStart + c.ParamCount; k++) grad[k] *= s;
        }
        return z;
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

    /// <summary>Impedance at one frequency (Hz).</summary>
    public Complex Impedance(double frequencyHz, ReadOnlySpan<double> p)
    {
        Span<Complex> grad = stackalloc Complex[ParameterCount];
        return Root.Eval(2 * Math.PI * frequencyHz, p, grad);
    }

    public Complex[] Simulate(IReadOnlyList<double> frequenciesHz, ReadOnlySpan<double> p)
    {
        CheckLength(p);
        var z = new Complex[frequenciesHz.Count];
        Span<Complex> grad = stackalloc Complex[ParameterCount];
        for (int i = 0; i < z.Length; i++) z[i] = Root.Eval(2 * Math.PI * frequenciesHz[i], p, grad);
        return z;
    }

    /// <summary>Impedance at each angular frequency and dZ/dp (row-major: jacobian[i * P + k]).</summary>
    public void Evaluate(ReadOnlySpan<double> omega, ReadOnlySpan<double> p, Span<Complex> z, Span<Complex> jacobian)
    {
        int np = ParameterCount;
        for (int i = 0; i < omega.Length; i++)
        {
            var g = jacobian.Slice(i * np, np);
            z[i] = Root.Eval(omega[i], p, g);
        }
    }

    private void CheckLength(ReadOnlySpan<double> p)
    {
        if (p.Length != ParameterCount)
            throw new NitrolyteInputException($"circuit {Text} has {ParameterCount} parameters ({string.Join(", ", Parameters.Select(x => x.Name))}), got {p.Length} values");
    }

    public override string ToString() => Text;

    // ------------------------------------------------------------------ parsing

    private static readonly (string Prefix, ElementKind Kind)[] Prefixes =
    [
        ("CPE", ElementKind.Cpe), ("Wo", ElementKind.Wo), ("Ws", ElementKind.Ws), ("La", ElementKind.La),
        ("R", ElementKind.R), ("C", ElementKind.C), ("L", ElementKind.L), ("Q", ElementKind.Cpe),
        ("W", ElementKind.W), ("G", ElementKind.G),
    ];

    public static Circuit Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new NitrolyteInputException("circuit: empty circuit string");
        var s = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        CircuitNode root;
        if (s.Contains('-') || s.Contains("p(")) root = new DashParser(s).Parse();
        else if (s.Contains('+') || s.Contains('|')) root = new PlusParser(s).Parse();
        else if (!s.Any(char.IsDigit) && s.All(c => "RCLQWOTG()[]".Contains(c))) root = ParseBoukamp(s);
        else root = new DashParser(s).Parse();

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in root.Elements())
            if (!names.Add(e.Name)) throw new NitrolyteInputException($"circuit '{text}': element name {e.Name} is used twice");
        var parameters = new List<CircuitParameter>();
        Number(root, parameters);
        return new Circuit(s, root, parameters);
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
        foreach (var (prefix, kind) in Prefixes)
        {
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
        throw Error(s, pos, "expected an element (R, C, L, CPE, Q, W, Wo, Ws, G, La followed by a number)");
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
                    var kind = c switch
                    {
                        'R' => ElementKind.R, 'C' => ElementKind.C, 'L' => ElementKind.L, 'Q' => ElementKind.Cpe,
                        'W' => ElementKind.W, 'O' => ElementKind.Wo, 'T' => ElementKind.Ws, 'G' => ElementKind.G,
                        _ => throw Error(s, pos, "unknown Boukamp element"),
                    };
                    counters[c] = counters.GetValueOrDefault(c) + 1;
                    var prefix = c switch { 'O' => "Wo", 'T' => "Ws", _ => c.ToString() };
                    items.Add(new ElementNode(kind, prefix + counters[c]));
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
