namespace Crm.Saas.Tenancy;

/// <summary>
/// The tenant the current request or job acts for. Flows with the async call chain (like HttpContext does),
/// so a job or a command-line run can open a scope without any HTTP context.
/// </summary>
public interface ITenantContextAccessor
{
    TenantInfo? Current { get; }

    /// <summary>The current tenant, or an exception: code that touches tenant data without a tenant fails closed.</summary>
    TenantInfo Required { get; }

    IDisposable BeginScope(TenantInfo tenant);
}

public sealed class TenantContextAccessor : ITenantContextAccessor
{
    private static readonly AsyncLocal<TenantHolder?> CurrentHolder = new();

    public TenantInfo? Current => CurrentHolder.Value?.Tenant;

    public TenantInfo Required => Current ?? throw new TenantRequiredException();

    public IDisposable BeginScope(TenantInfo tenant)
    {
        var previous = CurrentHolder.Value;
        CurrentHolder.Value = new TenantHolder(tenant);
        return new Scope(previous);
    }

    private sealed record TenantHolder(TenantInfo Tenant);

    private sealed class Scope(TenantHolder? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CurrentHolder.Value = previous;
        }
    }
}

/// <summary>Tenant data was asked for where no tenant is in scope.</summary>
public sealed class TenantRequiredException() : InvalidOperationException("No tenant is in scope; tenant data is not reachable.");
