using System;
using GenOpt;

namespace Corpus;

/// <summary>A 2-D spring network: 4 free nodes, springs listed as pairs of node indices with rest lengths; nodes 0 and 1 pinned to anchors.</summary>
public static partial class SpringNetwork
{
    private static readonly int[] Ends = { 0, 1, 1, 2, 2, 3, 3, 0, 0, 2 };
    private static readonly double[] Rest = { 1.0, 1.0, 1.0, 1.0, 1.4 };
    private const double Stiffness = 10, Anchor = 50;

    [Objective(Dimension = 8)]
    public static partial double Energy(ReadOnlySpan<double> x)
    {
        double energy = 0;
        for (int s = 0; s < 5; s++)
        {
            int a = Ends[2 * s], b = Ends[2 * s + 1];
            double dx = x[2 * a] - x[2 * b], dy = x[2 * a + 1] - x[2 * b + 1];
            double stretch = Math.Sqrt(dx * dx + dy * dy) - Rest[s];
            energy += 0.5 * Stiffness * stretch * stretch;
        }
        energy += 0.5 * Anchor * (x[0] * x[0] + x[1] * x[1]);
        energy += 0.5 * Anchor * ((x[2] - 1) * (x[2] - 1) + x[3] * x[3]);
        double gravity = 0;
        foreach (double coordinate in x)
            gravity += 0.01 * coordinate;
        return energy + gravity;
    }
}

/// <summary>Total energy of a double pendulum (unit lengths, masses 1 and 2): angles and angular velocities.</summary>
public static partial class DoublePendulumEnergy
{
    [Objective(Dimension = 4)]
    public static partial double Energy(ReadOnlySpan<double> s)
    {
        const double g = 9.81, m1 = 1, m2 = 2;
        double theta1 = s[0], theta2 = s[1], omega1 = s[2], omega2 = s[3];
        double kinetic = 0.5 * (m1 + m2) * omega1 * omega1
            + 0.5 * m2 * omega2 * omega2
            + m2 * omega1 * omega2 * Math.Cos(theta1 - theta2);
        double potential = -(m1 + m2) * g * Math.Cos(theta1) - m2 * g * Math.Cos(theta2);
        return kinetic + potential;
    }
}

/// <summary>Thomson problem for 4 charges on the unit sphere, each given by two angles (polar, azimuth).</summary>
public static partial class Thomson
{
    [Objective(Dimension = 8)]
    public static partial double Energy(ReadOnlySpan<double> angles)
    {
        double energy = 0;
        for (int i = 1; i < 4; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double xi = Math.Sin(angles[2 * i]) * Math.Cos(angles[2 * i + 1]);
                double yi = Math.Sin(angles[2 * i]) * Math.Sin(angles[2 * i + 1]);
                double zi = Math.Cos(angles[2 * i]);
                double xj = Math.Sin(angles[2 * j]) * Math.Cos(angles[2 * j + 1]);
                double yj = Math.Sin(angles[2 * j]) * Math.Sin(angles[2 * j + 1]);
                double zj = Math.Cos(angles[2 * j]);
                energy += 1 / Math.Sqrt((xi - xj) * (xi - xj) + (yi - yj) * (yi - yj) + (zi - zj) * (zi - zj));
            }
        }
        return energy;
    }
}

/// <summary>Specific orbital energy of a body in the field of three fixed masses (position and velocity in the plane).</summary>
public static partial class OrbitalEnergy
{
    private static readonly double[] Mass = { 1.0, 0.3, 0.1 };
    private static readonly double[] Position = { 0, 0, 3, 0.5, -1, 2.5 };

    private static double Distance(double x, double y, double cx, double cy) => Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));

    [Objective(Dimension = 4)]
    public static partial double Energy(ReadOnlySpan<double> state)
    {
        double kinetic = 0.5 * (state[2] * state[2] + state[3] * state[3]);
        double potential = 0;
        for (int k = 0; k < 3; k++)
            potential -= Mass[k] / Distance(state[0], state[1], Position[2 * k], Position[2 * k + 1]);
        return kinetic + potential;
    }
}

/// <summary>Hanging chain of 6 links between fixed ends: potential energy plus a Math.Max penalty on stretched links.</summary>
public static partial class HangingChain
{
    [Objective(Dimension = 10)]
    public static partial double Energy(ReadOnlySpan<double> x)
    {
        // x holds the 5 inner joints (x, y); the ends are (0, 0) and (4, 0); each link is at most 1 long.
        double energy = 0, px = 0, py = 0;
        for (int k = 0; k <= 5; k++)
        {
            double qx = k < 5 ? x[2 * k] : 4;
            double qy = k < 5 ? x[2 * k + 1] : 0;
            energy += 0.5 * (py + qy);
            double excess = Math.Max(0, (qx - px) * (qx - px) + (qy - py) * (qy - py) - 1);
            energy += 100 * excess * excess;
            px = qx;
            py = qy;
        }
        return energy;
    }
}

/// <summary>Range of a projectile with quadratic drag, integrated with Euler steps until it lands (a while loop with a step counter).</summary>
public static partial class ProjectileRange
{
    [Objective(Dimension = 2)]
    public static partial double NegativeRange(ReadOnlySpan<double> launch)
    {
        const double dt = 0.02, drag = 0.1, g = 9.81;
        double speed = 5 * launch[0], angle = launch[1];
        double vx = speed * Math.Cos(angle), vy = speed * Math.Sin(angle);
        double px = 0, py = 0;
        int steps = 0;
        while (py >= 0 && steps < 400)
        {
            double v = Math.Sqrt(vx * vx + vy * vy);
            vx -= dt * drag * v * vx;
            vy -= dt * (g + drag * v * vy);
            px += dt * vx;
            py += dt * vy;
            steps++;
        }
        return -px;
    }
}

/// <summary>Discrete energy of a 1-D heated rod (Dirichlet energy minus the work of the sources) at 8 nodes.</summary>
public static partial class HeatRod
{
    private static readonly double[] Source = CorpusData.Uniform(8, 91, 0, 1);

    [Objective(Dimension = 8)]
    public static partial double Energy(ReadOnlySpan<double> u)
    {
        const double h = 1.0 / 9;
        double energy = 0.5 * (u[0] * u[0] + u[7] * u[7]) / h;
        for (int i = 0; i < 7; i++)
        {
            double gradient = (u[i + 1] - u[i]) / h;
            energy += 0.5 * h * gradient * gradient;
        }
        for (int i = 0; i < 8; i++)
            energy -= h * Source[i] * u[i];
        return energy;
    }
}

/// <summary>Softened gravitational potential of 3 bodies in 2-D; the distance is clamped from below to avoid the singularity.</summary>
public static partial class SoftenedGravity
{
    [Objective(Dimension = 6)]
    public static partial double Potential(ReadOnlySpan<double> p)
    {
        double potential = 0;
        for (int i = 0; i < 3; i++)
            for (int j = i + 1; j < 3; j++)
            {
                double r = Math.Sqrt((p[2 * i] - p[2 * j]) * (p[2 * i] - p[2 * j]) + (p[2 * i + 1] - p[2 * j + 1]) * (p[2 * i + 1] - p[2 * j + 1]));
                potential -= 1 / Math.Clamp(r, 0.05, 10);
            }
        double confinement = 0;
        for (int i = 0; i < 6; i++)
            confinement += 0.1 * p[i] * p[i];
        return potential + confinement;
    }
}

/// <summary>Morse potential of a 4-atom chain in 2-D, the pairs visited with a double counter in a while loop.</summary>
public static partial class MorseChain
{
    [Objective(Dimension = 8)]
    public static partial double Energy(ReadOnlySpan<double> x)
    {
        const double depth = 1, width = 2, equilibrium = 0.8;
        double energy = 0;
        double k = 0;
        while (k < 3)
        {
            int i = (int)k;
            double dx = x[2 * i + 2] - x[2 * i], dy = x[2 * i + 3] - x[2 * i + 1];
            double r = Math.Sqrt(dx * dx + dy * dy);
            double e = 1 - Math.Exp(-width * (r - equilibrium));
            energy += depth * e * e;
            k += 1;
        }
        return energy;
    }
}

/// <summary>Harmonic oscillator action along a discretized path of 6 inner points with fixed ends: a Lagrangian sum.</summary>
public static partial class OscillatorAction
{
    [Objective(Dimension = 6)]
    public static partial double Action(ReadOnlySpan<double> q)
    {
        const double dt = 0.2, omega = 1.3, start = 0.5, end = 1.0;
        double action = 0;
        for (int k = 0; k <= 6; k++)
        {
            double a = k == 0 ? start : q[k - 1];
            double b = k == 6 ? end : q[k];
            double velocity = (b - a) / dt;
            double mid = 0.5 * (a + b);
            action += dt * (0.5 * velocity * velocity - 0.5 * omega * omega * mid * mid);
        }
        return action;
    }
}

/// <summary>Newton's method for the equilibrium of a nonlinear spring inside the objective, stopping when converged (break).</summary>
public static partial class NonlinearSpring
{
    [Objective(Dimension = 2)]
    public static partial double Compliance(ReadOnlySpan<double> p)
    {
        // displacement u solves k u + c u^3 = 1, with k = p[0], c = p[1]
        double u = 1 / p[0];
        for (int iteration = 0; iteration < 30; iteration++)
        {
            double residual = p[0] * u + p[1] * u * u * u - 1;
            u -= residual / (p[0] + 3 * p[1] * u * u);
            if (Math.Abs(residual) < 1e-15)
                break;
        }
        return u + 0.1 * (p[0] + p[1]);
    }
}
