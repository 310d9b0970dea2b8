using System.Globalization;
using System.Text;

namespace Garnetics.Engine.Input;

/// <summary>
/// C printf-style formatting of one double (%f %e %g %d %i with flags, width and precision), as used by
/// LAMMPS for variable values ("%.15g"), immediate variables ("%.20g" or a user format) and format-style variables.
/// </summary>
public static class CFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>How LAMMPS prints the value of an equal-style variable: "%.15g" (2 -> "2", 0.1 -> "0.1").</summary>
    public static string G15(double v) => Format("%.15g", v);

    /// <summary>Format <paramref name="v"/> with a C format containing exactly one numeric conversion.</summary>
    /// <exception cref="FormatException">The format has no conversion, more than one, or an unsupported one.</exception>
    public static string Format(string fmt, double v)
    {
        var sb = new StringBuilder();
        int conversions = 0;
        int i = 0;
        while (i < fmt.Length)
        {
            char c = fmt[i];
            if (c != '%')
            {
                sb.Append(c);
                i++;
                continue;
            }
            if (i + 1 < fmt.Length && fmt[i + 1] == '%')
            {
                sb.Append('%');
                i += 2;
                continue;
            }
            int j = i + 1;
            bool left = false, plus = false, space = false, zero = false, alt = false;
            for (; j < fmt.Length; j++)
            {
                char f = fmt[j];
                if (f == '-') left = true;
                else if (f == '+') plus = true;
                else if (f == ' ') space = true;
                else if (f == '0') zero = true;
                else if (f == '#') alt = true;
                else break;
            }
            int width = 0;
            while (j < fmt.Length && char.IsAsciiDigit(fmt[j])) width = width * 10 + (fmt[j++] - '0');
            int prec = -1;
            if (j < fmt.Length && fmt[j] == '.')
            {
                j++;
                prec = 0;
                while (j < fmt.Length && char.IsAsciiDigit(fmt[j])) prec = prec * 10 + (fmt[j++] - '0');
            }
            while (j < fmt.Length && "hlLqjzt".Contains(fmt[j])) j++;
            if (j >= fmt.Length) throw new FormatException($"incomplete conversion in format '{fmt}'");
            char conv = fmt[j];
            if (++conversions > 1) throw new FormatException($"format '{fmt}' has more than one conversion");
            sb.Append(One(v, conv, left, plus, space, zero, alt, width, prec, fmt));
            i = j + 1;
        }
        if (conversions == 0) throw new FormatException($"format '{fmt}' has no numeric conversion (e.g. %g, %.3f)");
        return sb.ToString();
    }

    private static string One(double v, char conv, bool left, bool plus, bool space, bool zero, bool alt,
        int width, int prec, string fmt)
    {
        bool upper = char.IsUpper(conv);
        bool neg = double.IsNegative(v) && !double.IsNaN(v);
        double a = Math.Abs(v);
        string body;
        bool finite = double.IsFinite(v);
        if (!finite)
            body = double.IsNaN(v) ? "nan" : "inf";
        else
        {
            switch (char.ToLowerInvariant(conv))
            {
                case 'f':
                    body = Fixed(a, prec < 0 ? 6 : prec, alt);
                    break;
                case 'e':
                    body = Exp(a, prec < 0 ? 6 : prec, alt);
                    break;
                case 'g':
                    body = General(a, prec, alt);
                    break;
                case 'd':
                case 'i':
                case 'u':
                {
                    double t = Math.Truncate(v);
                    neg = t < 0;
                    body = Math.Abs(t).ToString("F0", Inv);
                    if (prec > 0 && body.Length < prec) body = body.PadLeft(prec, '0');
                    zero &= prec < 0;
                    break;
                }
                default:
                    throw new FormatException($"unsupported conversion '%{conv}' in format '{fmt}' (use %f, %e, %g or %d)");
            }
        }
        if (upper) body = body.ToUpperInvariant();
        string sign = neg ? "-" : plus ? "+" : space ? " " : "";
        int pad = width - sign.Length - body.Length;
        if (pad <= 0) return sign + body;
        if (left) return sign + body + new string(' ', pad);
        if (zero && finite) return sign + new string('0', pad) + body;
        return new string(' ', pad) + sign + body;
    }

    private static string Fixed(double a, int prec, bool alt)
    {
        var s = a.ToString("F" + prec.ToString(Inv), Inv);
        if (alt && prec == 0) s += ".";
        return s;
    }

    private static string Exp(double a, int prec, bool alt) => Exp(a, prec, alt, out _);

    private static string Exp(double a, int prec, bool alt, out int exponent)
    {
        string s = a.ToString("E" + prec.ToString(Inv), Inv);
        int e = s.IndexOf('E');
        exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, Inv);
        string mant = s[..e];
        if (alt && prec == 0) mant += ".";
        int ae = Math.Abs(exponent);
        return mant + "e" + (exponent < 0 ? "-" : "+") + (ae < 10 ? "0" : "") + ae.ToString(Inv);
    }

    private static string General(double a, int prec, bool alt)
    {
        int p = prec < 0 ? 6 : prec == 0 ? 1 : prec;
        int x = 0;
        if (a != 0) Exp(a, p - 1, false, out x);
        string s;
        if (p > x && x >= -4)
        {
            s = Fixed(a, p - 1 - x, alt);
            if (!alt) s = StripZeros(s);
        }
        else
        {
            s = Exp(a, p - 1, alt);
            if (!alt)
            {
                int e = s.IndexOf('e');
                s = StripZeros(s[..e]) + s[e..];
            }
        }
        return s;
    }

    private static string StripZeros(string s)
    {
        if (!s.Contains('.')) return s;
        s = s.TrimEnd('0');
        return s.EndsWith('.') ? s[..^1] : s;
    }
}
