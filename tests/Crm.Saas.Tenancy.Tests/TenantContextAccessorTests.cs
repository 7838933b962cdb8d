using Xunit;

namespace Crm.Saas.Tenancy.Tests;

public sealed class TenantContextAccessorTests
{
    private readonly TenantContextAccessor _accessor = new();

    [Fact]
    public void without_a_scope_there_is_no_current_tenant_and_requiring_one_fails_closed()
    {
        Assert.Null(_accessor.Current);
        Assert.Throws<TenantRequiredException>(() => _accessor.Required);
    }

    [Fact]
    public void the_tenant_required_exception_is_an_invalid_operation()
    {
        Assert.IsAssignableFrom<InvalidOperationException>(new TenantRequiredException());
    }

    [Fact]
    public void inside_a_scope_the_tenant_is_current_and_required()
    {
        var acme = Tenants.Create("acme");

        using (_accessor.BeginScope(acme))
        {
            Assert.Same(acme, _accessor.Current);
            Assert.Same(acme, _accessor.Required);
        }

        Assert.Null(_accessor.Current);
        Assert.Throws<TenantRequiredException>(() => _accessor.Required);
    }

    [Fact]
    public void scopes_nest_and_each_restores_the_tenant_before_it()
    {
        var acme = Tenants.Create("acme");
        var globex = Tenants.Create("globex");

        using (_accessor.BeginScope(acme))
        {
            using (_accessor.BeginScope(globex))
            {
                Assert.Same(globex, _accessor.Current);
            }

            Assert.Same(acme, _accessor.Current);
        }

        Assert.Null(_accessor.Current);
    }

    [Fact]
    public void disposing_a_scope_twice_does_not_undo_the_scope_around_it()
    {
        var acme = Tenants.Create("acme");
        var globex = Tenants.Create("globex");

        using var outer = _accessor.BeginScope(acme);
        var inner = _accessor.BeginScope(globex);
        inner.Dispose();
        using (_accessor.BeginScope(globex))
        {
            inner.Dispose();
            Assert.Same(globex, _accessor.Current);
        }

        Assert.Same(acme, _accessor.Current);
    }

    [Fact]
    public void every_accessor_instance_sees_the_same_scope()
    {
        var acme = Tenants.Create("acme");

        using var scope = _accessor.BeginScope(acme);

        Assert.Same(acme, new TenantContextAccessor().Current);
    }

    [Fact]
    public async Task the_tenant_flows_into_awaited_child_tasks()
    {
        var acme = Tenants.Create("acme");

        using var scope = _accessor.BeginScope(acme);
        var seenAfterYield = await SeenAfterYield();
        var seenOnThreadPool = await Task.Run(async () =>
        {
            await Task.Delay(1, TestContext.Current.CancellationToken);
            return _accessor.Required;
        });

        Assert.Same(acme, seenAfterYield);
        Assert.Same(acme, seenOnThreadPool);
        Assert.Same(acme, _accessor.Current);
    }

    [Fact]
    public async Task a_scope_opened_in_a_child_task_does_not_leak_into_its_caller()
    {
        var acme = Tenants.Create("acme");
        var globex = Tenants.Create("globex");

        using var scope = _accessor.BeginScope(acme);
        var seenInChild = await Task.Run(async () =>
        {
            // Left open on purpose: the caller's tenant must survive a child that forgets to close its scope.
            _accessor.BeginScope(globex);
            await Task.Yield();
            return _accessor.Current;
        });

        Assert.Same(globex, seenInChild);
        Assert.Same(acme, _accessor.Current);
    }

    [Fact]
    public async Task concurrent_tasks_with_different_scopes_never_see_each_others_tenant()
    {
        const int count = 200;
        var tenants = Enumerable.Range(0, count).Select(i => Tenants.Create($"tenant{i}")).ToArray();
        var allScoped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scoped = 0;
        var cancellation = TestContext.Current.CancellationToken;

        async Task<int> ActAs(TenantInfo tenant, int index)
        {
            var mismatches = 0;
            using (_accessor.BeginScope(tenant))
            {
                if (Interlocked.Increment(ref scoped) == count)
                {
                    allScoped.SetResult();
                }

                // Every task has opened its scope before any of them looks: their lifetimes all overlap.
                await allScoped.Task.WaitAsync(cancellation);
                for (var step = 0; step < 10; step++)
                {
                    if (!ReferenceEquals(tenant, _accessor.Current))
                    {
                        mismatches++;
                    }

                    if ((index + step) % 3 == 0)
                    {
                        await Task.Delay(1, cancellation);
                    }
                    else
                    {
                        await Task.Yield();
                    }
                }

                if (!ReferenceEquals(tenant, _accessor.Required))
                {
                    mismatches++;
                }
            }

            return mismatches;
        }

        var mismatchesPerTask = await Task.WhenAll(tenants.Select((tenant, i) => Task.Run(() => ActAs(tenant, i), cancellation)));

        Assert.Equal(count, scoped);
        Assert.All(mismatchesPerTask, mismatches => Assert.Equal(0, mismatches));
        Assert.Null(_accessor.Current);
    }

    private async Task<TenantInfo> SeenAfterYield()
    {
        await Task.Yield();
        return _accessor.Required;
    }
}
