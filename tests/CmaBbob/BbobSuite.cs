using System;
using GenOpt;

namespace CmaBbob;

/// <summary>
/// The 24 noiseless BBOB functions (Hansen, Finck, Ros, Auger, "Real-Parameter Black-Box Optimization Benchmarking
/// 2009: Noiseless Functions Definitions", INRIA RR-6829), written from those definitions, with the instance data
/// (x_opt, f_opt, rotations, permutations) drawn from the BBOB legacy generator (<see cref="BbobInstance"/>) with
/// the seeds of pycma's cma/bbobbenchmarks.py (cma 4.4.0), so that instance 1 here is pycma's
/// <c>F&lt;fid&gt;(iinstance=1)</c>. <see cref="Value"/> returns f(x) including f_opt, as pycma and COCO do.
/// <para>
/// Vectors are rows and matrices act from the right, z = x M (pycma's convention): "R" is
/// <see cref="BbobInstance.Rotation"/>(n, seed) and "Q" is the rotation of seed + 10^6. lambda^alpha is the
/// diagonal alpha^(i / (2 (n - 1))), i = 0..n-1 (RR-6829's Lambda^alpha), f_pen(x) = sum max(0, |x_i| - 5)^2.
/// </para>
/// Evaluating allocates nothing (scratch arrays are owned by the instance; one thread at a time).
/// </summary>
public sealed class BbobFunction
{
    private readonly int _n;
    private readonly double[] _xopt;
    private readonly double[] _a = [], _b = [];   // n x n matrices (row-major), per function
    private readonly double[] _scale = [];          // per-coordinate factors, per function
    private readonly double[] _z, _w;
    // Gallagher (f21, f22): peaks in rotated coordinates, their diagonal scales and heights.
    private readonly double[] _peaks = [], _peakScales = [], _peakHeights = [];
    private readonly int _peakCount;

    /// <summary>The function id, 1 to 24.</summary>
    public int Id { get; }

    /// <summary>The dimension.</summary>
    public int Dimension => _n;

    /// <summary>The optimal value f_opt of this instance.</summary>
    public double FOpt { get; }

    /// <summary>The global minimizer x_opt (f(x_opt) = f_opt up to rounding).</summary>
    public ReadOnlySpan<double> XOpt => _xopt;

    /// <summary>BBOB function <paramref name="id"/> (1 to 24) in dimension <paramref name="n"/> (at least 2), instance <paramref name="instance"/>.</summary>
    public BbobFunction(int id, int n, int instance)
    {
        if (id is < 1 or > 24) throw new ArgumentOutOfRangeException(nameof(id), id, "BBOB noiseless functions are numbered 1 to 24.");
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), n, "The BBOB functions need at least 2 variables.");
        Id = id;
        _n = n;
        // pycma's seeds: function id + 10^4 instance, except f4 (seed of f3) and f18 (seed of f17).
        int baseSeed = id switch { 4 => 3, 18 => 17, _ => id };
        double seed = baseSeed + 1e4 * instance;
        FOpt = BbobInstance.FOpt(seed);
        _z = new double[n];
        _w = new double[n];
        _xopt = BbobInstance.XOpt(n, seed);
        switch (id)
        {
            case 2:   // ellipsoid: 10^(6 i / (n - 1))
                _scale = Powers(n, 1e6);
                break;
            case 3:   // Rastrigin: lambda^10
                _scale = Powers(n, Math.Sqrt(10));
                break;
            case 4:   // Bueche-Rastrigin: x_opt positive in the odd (1-based) coordinates
                for (int i = 0; i < n; i += 2) _xopt[i] = Math.Abs(_xopt[i]);
                _scale = Powers(n, Math.Sqrt(10));
                break;
            case 5:   // linear slope: x_opt = 5 sign(x_opt), s_i = sign(x_opt_i) 10^(i / (n - 1))
                _scale = Powers(n, 10);
                for (int i = 0; i < n; i++)
                {
                    _xopt[i] = 5 * Math.Sign(_xopt[i]);
                    _scale[i] *= Math.Sign(_xopt[i]);
                }
                break;
            case 6: case 13:   // z = (x - x_opt) R lambda^10 Q
                _a = Product(BbobInstance.Rotation(n, seed), Powers(n, Math.Sqrt(10)), BbobInstance.Rotation(n, seed + 1e6));
                break;
            case 7:   // z^ = (x - x_opt) R lambda^10, rounded, then times Q; weights 10^(2 i / (n - 1))
                _a = Product(BbobInstance.Rotation(n, seed), Powers(n, Math.Sqrt(10)), null);
                _b = BbobInstance.Rotation(n, seed + 1e6);
                _scale = Powers(n, 100);
                break;
            case 9: case 19:   // z = max(1, sqrt(n) / 8) x R + 1/2; x_opt solves z = 1
            {
                _a = BbobInstance.Rotation(n, seed);
                double c = Math.Max(1, Math.Sqrt(n) / 8);
                for (int i = 0; i < n; i++)
                {
                    double s = 0;
                    for (int j = 0; j < n; j++) s += _a[i * n + j];
                    _xopt[i] = 0.5 / c * s;
                }
                break;
            }
            case 10:   // z = T_osz((x - x_opt) Q), weights 10^(6 i / (n - 1))
                _b = BbobInstance.Rotation(n, seed + 1e6);
                _scale = Powers(n, 1e6);
                break;
            case 11: case 14:
                _b = BbobInstance.Rotation(n, seed + 1e6);
                break;
            case 12:   // bent cigar: x_opt from seed + 10^6
                _xopt = BbobInstance.XOpt(n, seed + 1e6);
                _b = BbobInstance.Rotation(n, seed + 1e6);
                break;
            case 15:   // z = T_asy^0.2(T_osz((x - x_opt) Q)) R lambda^10 Q
                _b = BbobInstance.Rotation(n, seed + 1e6);
                _a = Product(BbobInstance.Rotation(n, seed), Powers(n, Math.Sqrt(10)), _b);
                break;
            case 16:   // z = T_osz((x - x_opt) Q) R lambda^(1/100) Q
                _b = BbobInstance.Rotation(n, seed + 1e6);
                _a = Product(BbobInstance.Rotation(n, seed), Powers(n, 0.1), _b);
                break;
            case 17: case 18:   // z = T_asy^0.5((x - x_opt) Q) R lambda^10 (f17) or lambda^1000 (f18)
                _b = BbobInstance.Rotation(n, seed + 1e6);
                _a = Product(BbobInstance.Rotation(n, seed), Powers(n, Math.Sqrt(id == 17 ? 10 : 1000)), null);
                break;
            case 20:   // Schwefel: x_opt = 4.2096874633 / 2 (+-1), the sign from the uniform generator
            {
                double[] u = BbobInstance.Uniform(n, seed);
                for (int i = 0; i < n; i++) _xopt[i] = 0.5 * 4.2096874633 * Math.Sign(u[i] - 0.5);
                _scale = Powers(n, Math.Sqrt(10));
                break;
            }
            case 21: case 22:
                _peakCount = id == 21 ? 101 : 21;
                _a = BbobInstance.Rotation(n, seed);
                (_peaks, _peakScales, _peakHeights) = GallagherPeaks(n, seed, _peakCount, _a,
                    highCondition: id == 21 ? Math.Sqrt(1000) : 1000, spread: id == 21 ? 1 : 0.98);
                // x_opt = y_1 R^T (the first peak, back in the original coordinates).
                for (int i = 0; i < n; i++)
                {
                    double s = 0;
                    for (int j = 0; j < n; j++) s += _peaks[j] * _a[i * n + j];
                    _xopt[i] = s;
                }
                break;
            case 24:   // Lunacek: x_opt = mu0 / 2 (+-1), the sign from the Gaussian generator
            {
                double[] g = BbobInstance.Gauss(n, seed);
                for (int i = 0; i < n; i++) _xopt[i] = 0.5 * 2.5 * Math.Sign(g[i]);
                _a = Product(BbobInstance.Rotation(n, seed), Powers(n, 10), BbobInstance.Rotation(n, seed + 1e6));
                break;
            }
            case 8:
                for (int i = 0; i < n; i++) _xopt[i] *= 0.75;
                break;
            case 23:
                _a = Product(BbobInstance.Rotation(n, seed), Powers(n, 10), BbobInstance.Rotation(n, seed + 1e6));
                break;
        }
    }

    /// <summary>f(x), including f_opt.</summary>
    public double Value(ReadOnlySpan<double> x)
    {
        if (x.Length != _n) throw new ArgumentException($"x has {x.Length} entries; the function has {_n} variables.", nameof(x));
        return FOpt + Id switch
        {
            1 => Sphere(x),
            2 => Ellipsoid(x),
            3 => Rastrigin(x),
            4 => BuecheRastrigin(x),
            5 => LinearSlope(x),
            6 => AttractiveSector(x),
            7 => StepEllipsoid(x),
            8 => Rosenbrock(x),
            9 => RosenbrockRotated(x),
            10 => EllipsoidRotated(x),
            11 => Discus(x),
            12 => BentCigar(x),
            13 => SharpRidge(x),
            14 => DifferentPowers(x),
            15 => RastriginRotated(x),
            16 => Weierstrass(x),
            17 or 18 => SchaffersF7(x),
            19 => GriewankRosenbrock(x),
            20 => Schwefel(x),
            21 or 22 => Gallagher(x),
            23 => Katsuura(x),
            _ => LunacekBiRastrigin(x),
        };
    }

    // ---- the functions, each returning f - f_opt ----

    private double Sphere(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < _n; i++) s += Sq(x[i] - _xopt[i]);
        return s;
    }

    // f2: sum 10^(6 i / (n - 1)) z_i^2, z = T_osz(x - x_opt).
    private double Ellipsoid(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < _n; i++) s += _scale[i] * Sq(Tosz(x[i] - _xopt[i]));
        return s;
    }

    // f3: Rastrigin of z = lambda^10 T_asy^0.2(T_osz(x - x_opt)).
    private double Rastrigin(ReadOnlySpan<double> x)
    {
        for (int i = 0; i < _n; i++) _z[i] = Tosz(x[i] - _xopt[i]);
        Tasy(_z, 0.2);
        for (int i = 0; i < _n; i++) _z[i] *= _scale[i];
        return RastriginSum(_z);
    }

    // f4: z_i = s_i T_osz(x_i - x_opt_i), s_i = 10 lambda^10_i for positive z_i in odd (1-based) coordinates,
    // lambda^10_i otherwise; Rastrigin of z + 100 f_pen.
    private double BuecheRastrigin(ReadOnlySpan<double> x)
    {
        for (int i = 0; i < _n; i++)
        {
            double t = Tosz(x[i] - _xopt[i]);
            if (i % 2 == 0 && t > 0) t *= 10;
            _z[i] = _scale[i] * t;
        }
        return RastriginSum(_z) + 100 * Penalty(x);
    }

    // f5: sum 5 |s_i| - s_i z_i, z_i = x_i where x_i x_opt_i < 25, else x_opt_i.
    private double LinearSlope(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < _n; i++)
        {
            double z = x[i] * _xopt[i] < 25 ? x[i] : _xopt[i];
            s += 5 * Math.Abs(_scale[i]) - _scale[i] * z;
        }
        return s;
    }

    // f6: T_osz(sum (s_i z_i)^2)^0.9, s_i = 100 where z_i x_opt_i > 0, else 1.
    private double AttractiveSector(ReadOnlySpan<double> x)
    {
        Shifted(x);
        RowTimes(_w, _a, _z);
        double s = 0;
        for (int i = 0; i < _n; i++) s += Sq(_z[i] * _xopt[i] > 0 ? 100 * _z[i] : _z[i]);
        return Math.Pow(Tosz(s), 0.9);
    }

    // f7: 0.1 max(|z^_1| / 10^4, sum 10^(2 i / (n - 1)) z_i^2) + f_pen, z^ = (x - x_opt) R lambda^10,
    // z~_i = floor(0.5 + z^_i) where |z^_i| > 0.5, else floor(0.5 + 10 z^_i) / 10, z = z~ Q.
    private double StepEllipsoid(ReadOnlySpan<double> x)
    {
        Shifted(x);
        RowTimes(_w, _a, _z);
        double first = _z[0];
        for (int i = 0; i < _n; i++)
            _w[i] = Math.Abs(_z[i]) > 0.5 ? Math.Floor(0.5 + _z[i]) : Math.Floor(0.5 + 10 * _z[i]) / 10;
        RowTimes(_w, _b, _z);
        double s = 0;
        for (int i = 0; i < _n; i++) s += _scale[i] * _z[i] * _z[i];
        return 0.1 * Math.Max(Math.Abs(first) / 1e4, s) + Penalty(x);
    }

    // f8: Rosenbrock of z = max(1, sqrt(n) / 8) (x - x_opt) + 1.
    private double Rosenbrock(ReadOnlySpan<double> x)
    {
        double c = Math.Max(1, Math.Sqrt(_n) / 8);
        for (int i = 0; i < _n; i++) _z[i] = c * (x[i] - _xopt[i]) + 1;
        return RosenbrockSum(_z);
    }

    // f9: Rosenbrock of z = max(1, sqrt(n) / 8) x R + 1/2.
    private double RosenbrockRotated(ReadOnlySpan<double> x)
    {
        RotatedRosenbrockArgument(x);
        return RosenbrockSum(_z);
    }

    // f10: sum 10^(6 i / (n - 1)) z_i^2, z = T_osz((x - x_opt) Q).
    private double EllipsoidRotated(ReadOnlySpan<double> x)
    {
        Shifted(x);
        RowTimes(_w, _b, _z);
        double s = 0;
        for (int i = 0; i < _n; i++) s += _scale[i] * Sq(Tosz(_z[i]));
        return s;
    }

    // f11: 10^6 z_1^2 + sum_{i>1} z_i^2, z = T_osz((x - x_opt) Q).
    private double Discus(ReadOnlySpan<double> x)
    {
        Shifted(x);
        RowTimes(_w, _b, _z);
        double s = 1e6 * Sq(Tosz(_z[0]));
        for (int i = 1; i < _n; i++) s += Sq(Tosz(_z[i]));
        return s;
    }

    // f12: z_1^2 + 10^6 sum_{i>1} z_i^2, z = T_asy^0.5((x - x_opt) Q) Q.
    private double BentCigar(ReadOnlySpan<double> x)
    {
        Shifted(x);
        RowTimes(_w, _b, _z);
        Tasy(_z, 0.5);
        RowTimes(_z, _b, _w);
        double s = 0;
        for (int i = 1; i < _n; i++) s += _w[i] * _w[i];
        return _w[0] * _w[0] + 1e6 * s;
    }

    // f13: z_1^2 + 100 sqrt(sum_{i>1} z_i^2), z = (x - x_opt) R lambda^10 Q.
    private double SharpRidge(ReadOnlySpan<double> x)
    {
        Shifted(x);
        RowTimes(_w, _a, _z);
        double s = 0;
        for (int i = 1; i < _n; i++) s += _z[i] * _z[i];
        return _z[0] * _z[0] + 100 * Math.Sqrt(s);
    }

    // f14: sqrt(sum |z_i|^(2 + 4 i / (n - 1))), z = (x - x_opt) Q.
    private double DifferentPowers(ReadOnlySpan<double> x)
    {
        Shifted(x);
        RowTimes(_w, _b, _z);
        double s = 0;
        for (int i = 0; i < _n; i++) s += Math.Pow(Math.Abs(_z[i]), 2 + 4.0 * i / (_n - 1));
        return Math.Sqrt(s);
    }

    // f15: Rastrigin of z = T_asy^0.2(T_osz((x - x_opt) Q)) R lambda^10 Q.
    private double RastriginRotated(ReadOnlySpan<double> x)
    {
        Shifted(x);
        RowTimes(_w, _b, _z);
        for (int i = 0; i < _n; i++) _z[i] = Tosz(_z[i]);
        Tasy(_z, 0.2);
        RowTimes(_z, _a, _w);
        return RastriginSum(_w);
    }

    // f16: 10 (1/n sum_i sum_{k=0}^{11} 2^-k cos(2 pi 3^k (z_i + 1/2)) - f0)^3 + 10/n f_pen,
    // f0 = sum_k 2^-k cos(pi 3^k), z = T_osz((x - x_opt) Q) R lambda^(1/100) Q.
    private double Weierstrass(ReadOnlySpan<double> x)
    {
        Shifted(x);
        RowTimes(_w, _b, _z);
        for (int i = 0; i < _n; i++) _z[i] = Tosz(_z[i]);
        RowTimes(_z, _a, _w);
        double s = 0, f0 = 0;
        for (int k = 0; k < 12; k++) f0 += Math.Pow(0.5, k) * Math.Cos(Math.PI * Math.Pow(3, k));
        for (int i = 0; i < _n; i++)
            for (int k = 0; k < 12; k++)
                s += Math.Pow(0.5, k) * Math.Cos(2 * Math.PI * Math.Pow(3, k) * (_w[i] + 0.5));
        double t = s / _n - f0;
        return 10 * t * t * t + 10.0 / _n * Penalty(x);
    }

    // f17, f18: (1/(n-1) sum_{i<n} sqrt(s_i) + sqrt(s_i) sin^2(50 s_i^(1/5)))^2 + 10 f_pen, s_i = sqrt(z_i^2 + z_{i+1}^2),
    // z = T_asy^0.5((x - x_opt) Q) R lambda^alpha (alpha 10 or 1000).
    private double SchaffersF7(ReadOnlySpan<double> x)
    {
        Shifted(x);
        RowTimes(_w, _b, _z);
        Tasy(_z, 0.5);
        RowTimes(_z, _a, _w);
        double s = 0;
        for (int i = 0; i + 1 < _n; i++)
        {
            double si = Math.Sqrt(_w[i] * _w[i] + _w[i + 1] * _w[i + 1]);
            double sin = Math.Sin(50 * Math.Pow(si, 0.2));
            s += Math.Sqrt(si) * (1 + sin * sin);
        }
        s /= _n - 1;
        return s * s + 10 * Penalty(x);
    }

    // f19: 10/(n-1) sum_{i<n} (s_i / 4000 - cos s_i) + 10, s_i = 100 (z_i^2 - z_{i+1})^2 + (z_i - 1)^2,
    // z = max(1, sqrt(n) / 8) x R + 1/2.
    private double GriewankRosenbrock(ReadOnlySpan<double> x)
    {
        RotatedRosenbrockArgument(x);
        double s = 0;
        for (int i = 0; i + 1 < _n; i++)
        {
            double si = 100 * Sq(_z[i] * _z[i] - _z[i + 1]) + Sq(_z[i] - 1);
            s += si / 4000 - Math.Cos(si);
        }
        return 10.0 / (_n - 1) * s + 10;
    }

    // f20: -1/(100 n) sum z_i sin(sqrt |z_i|) + 4.189828872724339 + 100 f_pen(z / 100), x^ = 2 sign(x_opt) x,
    // z^_1 = x^_1, z^_{i+1} = x^_{i+1} + 0.25 (x^_i - 2 |x_opt_i|), z = 100 (lambda^10 (z^ - 2 |x_opt|) + 2 |x_opt|).
    private double Schwefel(ReadOnlySpan<double> x)
    {
        for (int i = 0; i < _n; i++) _w[i] = 2 * Math.Sign(_xopt[i]) * x[i];
        double s = 0, pen = 0;
        for (int i = 0; i < _n; i++)
        {
            double zh = i == 0 ? _w[0] : _w[i] + 0.25 * (_w[i - 1] - 2 * Math.Abs(_xopt[i - 1]));
            double twoAbs = 2 * Math.Abs(_xopt[i]);
            double z = 100 * (_scale[i] * (zh - twoAbs) + twoAbs);
            s += z * Math.Sin(Math.Sqrt(Math.Abs(z)));
            pen += Sq(Math.Max(0, Math.Abs(z) / 100 - 5));
        }
        return -s / (100.0 * _n) + 4.189828872724339 + 100 * pen;
    }

    // f21, f22: T_osz(10 - max_i w_i exp(-1/(2n) (z - y_i) C_i (z - y_i)^T))^2 + f_pen, z = x R, the peaks y_i
    // already rotated, C_i diagonal.
    private double Gallagher(ReadOnlySpan<double> x)
    {
        RowTimes(x, _a, _z);
        double best = double.NegativeInfinity;
        for (int p = 0; p < _peakCount; p++)
        {
            double q = 0;
            int o = p * _n;
            for (int j = 0; j < _n; j++) q += _peakScales[o + j] * Sq(_z[j] - _peaks[o + j]);
            best = Math.Max(best, _peakHeights[p] * Math.Exp(-q / (2.0 * _n)));
        }
        return Sq(Tosz(10 - best)) + Penalty(x);
    }

    // f23: 10/n^2 prod_i (1 + i sum_{j=1}^{32} |2^j z_i - round(2^j z_i)| / 2^j)^(10 / n^1.2) - 10/n^2 + f_pen,
    // z = (x - x_opt) R lambda^100 Q.
    private double Katsuura(ReadOnlySpan<double> x)
    {
        Shifted(x);
        RowTimes(_w, _a, _z);
        double product = 1;
        for (int i = 0; i < _n; i++)
        {
            double sum = 0, power = 1;
            for (int j = 1; j <= 32; j++)
            {
                power *= 2;
                double t = power * _z[i];
                sum += Math.Abs(t - Math.Round(t)) / power;
            }
            product *= 1 + (i + 1) * sum;
        }
        double c = 10.0 / (_n * _n);
        return c * Math.Pow(product, 10 / Math.Pow(_n, 1.2)) - c + Penalty(x);
    }

    // f24: min(sum (x^_i - mu0)^2, d n + s sum (x^_i - mu1)^2) + 10 (n - sum cos 2 pi z_i) + 10^4 f_pen,
    // x^ = 2 sign(x_opt) x, z = (x^ - mu0) R lambda^100 Q, mu0 = 2.5, d = 1, s = 1 - 1 / (2 sqrt(n + 20) - 8.2),
    // mu1 = -sqrt((mu0^2 - d) / s).
    private double LunacekBiRastrigin(ReadOnlySpan<double> x)
    {
        const double mu0 = 2.5, d = 1;
        double s = 1 - 1 / (2 * Math.Sqrt(_n + 20) - 8.2);
        double mu1 = -Math.Sqrt((mu0 * mu0 - d) / s);
        double a = 0, b = 0;
        for (int i = 0; i < _n; i++)
        {
            double xh = 2 * Math.Sign(_xopt[i]) * x[i];
            a += Sq(xh - mu0);
            b += Sq(xh - mu1);
            _w[i] = xh - mu0;
        }
        RowTimes(_w, _a, _z);
        double c = 0;
        for (int i = 0; i < _n; i++) c += Math.Cos(2 * Math.PI * _z[i]);
        return Math.Min(a, d * _n + s * b) + 10 * (_n - c) + 1e4 * Penalty(x);
    }

    // ---- building blocks ----

    private static double Sq(double v) => v * v;

    /// <summary>T_osz: sign(t) exp(t^ + 0.049 (sin(c1 t^) + sin(c2 t^))), t^ = log |t|, (c1, c2) = (10, 7.9) for t &gt; 0, (5.5, 3.1) for t &lt; 0; T_osz(0) = 0.</summary>
    private static double Tosz(double t)
    {
        if (t == 0) return 0;
        double h = Math.Log(Math.Abs(t));
        return t > 0
            ? Math.Exp(h + 0.049 * (Math.Sin(10 * h) + Math.Sin(7.9 * h)))
            : -Math.Exp(h + 0.049 * (Math.Sin(5.5 * h) + Math.Sin(3.1 * h)));
    }

    /// <summary>T_asy^beta in place: z_i^(1 + beta i / (n - 1) sqrt(z_i)) for z_i &gt; 0.</summary>
    private void Tasy(double[] z, double beta)
    {
        for (int i = 0; i < _n; i++)
            if (z[i] > 0) z[i] = Math.Pow(z[i], 1 + beta * i / (_n - 1) * Math.Sqrt(z[i]));
    }

    private double RastriginSum(double[] z)
    {
        double c = 0, s = 0;
        for (int i = 0; i < _n; i++)
        {
            c += Math.Cos(2 * Math.PI * z[i]);
            s += z[i] * z[i];
        }
        return 10 * (_n - c) + s;
    }

    private double RosenbrockSum(double[] z)
    {
        double s = 0;
        for (int i = 0; i + 1 < _n; i++) s += 100 * Sq(z[i] * z[i] - z[i + 1]) + Sq(z[i] - 1);
        return s;
    }

    private void RotatedRosenbrockArgument(ReadOnlySpan<double> x)
    {
        double c = Math.Max(1, Math.Sqrt(_n) / 8);
        RowTimes(x, _a, _z);
        for (int i = 0; i < _n; i++) _z[i] = c * _z[i] + 0.5;
    }

    private double Penalty(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < _n; i++) s += Sq(Math.Max(0, Math.Abs(x[i]) - 5));
        return s;
    }

    /// <summary>_w = x - x_opt.</summary>
    private void Shifted(ReadOnlySpan<double> x)
    {
        for (int i = 0; i < _n; i++) _w[i] = x[i] - _xopt[i];
    }

    /// <summary>result = v M (row vector times an n x n row-major matrix).</summary>
    private void RowTimes(ReadOnlySpan<double> v, double[] m, double[] result)
    {
        int n = _n;
        for (int j = 0; j < n; j++) result[j] = 0;
        for (int i = 0; i < n; i++)
        {
            double vi = v[i];
            for (int j = 0; j < n; j++) result[j] += vi * m[i * n + j];
        }
    }

    /// <summary>The diagonal a^(i / (n - 1)), i = 0..n-1 (so lambda^alpha is Powers(n, sqrt(alpha))).</summary>
    private static double[] Powers(int n, double a)
    {
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = Math.Pow(a, i / (double)(n - 1));
        return d;
    }

    /// <summary>R diag(d) Q (Q = null: R diag(d)).</summary>
    private static double[] Product(double[] r, double[] d, double[]? q)
    {
        int n = d.Length;
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
            {
                double rd = r[i * n + k] * d[k];
                if (q is null) { m[i * n + k] = rd; continue; }
                for (int j = 0; j < n; j++) m[i * n + j] += rd * q[k * n + j];
            }
        return m;
    }

    /// <summary>
    /// Gallagher's peaks: the conditions alpha_i (the first <paramref name="highCondition"/>, the others
    /// 1000^(j / (m - 2)), j = 0..m-2, in the order that sorts Uniform(m - 1, seed)); peak i's diagonal is
    /// alpha_i^(-1/2 + k / (n - 1)), k = 0..n-1, in the order that sorts Uniform(n, seed + 1000 i); heights 10 and
    /// 1.1 + 8 j / (m - 2); positions spread (10 u - 5) with u = Uniform(n m, seed), rotated by R, the first
    /// scaled by 0.8 (so the global optimum is not too close to the boundary).
    /// </summary>
    private static (double[] Peaks, double[] Scales, double[] Heights) GallagherPeaks(
        int n, double seed, int m, double[] r, double highCondition, double spread)
    {
        int[] order = SortingOrder(BbobInstance.Uniform(m - 1, seed));
        var condition = new double[m];
        condition[0] = highCondition;
        for (int j = 0; j < m - 1; j++) condition[j + 1] = Math.Pow(1000, order[j] / (double)(m - 2));
        var scales = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            int[] perm = SortingOrder(BbobInstance.Uniform(n, seed + 1e3 * i));
            for (int k = 0; k < n; k++)
                scales[i * n + k] = Math.Pow(condition[i], -0.5 + perm[k] / (double)(n - 1));
        }
        var heights = new double[m];
        heights[0] = 10;
        for (int j = 0; j < m - 1; j++) heights[j + 1] = 1.1 + 8.0 * j / (m - 2);
        double[] u = BbobInstance.Uniform(n * m, seed);
        var peaks = new double[m * n];
        var y = new double[n];
        for (int i = 0; i < m; i++)
        {
            for (int k = 0; k < n; k++) y[k] = spread * (10 * u[i * n + k] - 5);
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += y[k] * r[k * n + j];
                peaks[i * n + j] = i == 0 ? 0.8 * s : s;
            }
        }
        return (peaks, scales, heights);
    }

    /// <summary>The indices that sort <paramref name="keys"/> ascending.</summary>
    private static int[] SortingOrder(double[] keys)
    {
        var idx = new int[keys.Length];
        for (int i = 0; i < idx.Length; i++) idx[i] = i;
        Array.Sort((double[])keys.Clone(), idx);
        return idx;
    }
}

/// <summary>Counts the evaluations of a <see cref="BbobObjective{TDim}"/> and the first one with f - f_opt &lt;= the target.</summary>
public sealed class BbobRecord
{
    /// <summary>Evaluations so far.</summary>
    public long Evaluations;
    /// <summary>The evaluation (1-based) that first reached the target; 0 while none has.</summary>
    public long FirstHit;
    /// <summary>The best f - f_opt so far.</summary>
    public double BestDelta = double.PositiveInfinity;
}

/// <summary>A <see cref="BbobFunction"/> as a GenOpt objective in dimension <typeparamref name="TDim"/>: f(x) including f_opt, counted in a <see cref="BbobRecord"/>.</summary>
public readonly struct BbobObjective<TDim> : IObjective where TDim : IBbobDimension
{
    private readonly BbobFunction _f;
    private readonly BbobRecord _record;
    private readonly double _target;

    /// <summary>Wraps <paramref name="f"/> (of dimension TDim.N); a hit is f - f_opt &lt;= <paramref name="target"/>.</summary>
    public BbobObjective(BbobFunction f, BbobRecord record, double target)
    {
        if (f.Dimension != TDim.N) throw new ArgumentException($"The function has {f.Dimension} variables, the objective {TDim.N}.", nameof(f));
        _f = f;
        _record = record;
        _target = target;
    }

    /// <inheritdoc/>
    public static int Dimension => TDim.N;

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> x)
    {
        double v = _f.Value(x);
        double delta = v - _f.FOpt;
        _record.Evaluations++;
        if (delta < _record.BestDelta) _record.BestDelta = delta;
        if (_record.FirstHit == 0 && delta <= _target) _record.FirstHit = _record.Evaluations;
        return v;
    }
}
