package dev.roadlab.grader.check;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.StoreScope;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Connects a checks class to its run: injects what the run provides and puts every check and lifecycle method
 * under the run's wall-clock limit. Registered by {@link LabChecks}.
 */
public final class LabExtension implements ParameterResolver, InvocationInterceptor {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CheckEnvironment.STORE_KEY);

    static CheckEnvironment run(ExtensionContext context) {
        CheckEnvironment run = context.getStore(StoreScope.LAUNCHER_SESSION, NAMESPACE)
                .get(CheckEnvironment.class, CheckEnvironment.class);
        if (run == null) {
            throw new IllegalStateException("checks classes run only through the Roadlab grader");
        }
        return run;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return run(context).provides(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return run(context).resolve(parameter.getParameter().getType());
        } catch (IllegalArgumentException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        run(context).guarded("The check", invocation::proceed);
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext context) throws Throwable {
        run(context).guarded("Preparing the checks", invocation::proceed);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
                                          ReflectiveInvocationContext<Method> invocationContext,
                                          ExtensionContext context) throws Throwable {
        run(context).guarded("Preparing the check", invocation::proceed);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
                                         ReflectiveInvocationContext<Method> invocationContext,
                                         ExtensionContext context) throws Throwable {
        run(context).guarded("Cleaning up after the check", invocation::proceed);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
                                        ReflectiveInvocationContext<Method> invocationContext,
                                        ExtensionContext context) throws Throwable {
        run(context).guarded("Cleaning up after the checks", invocation::proceed);
    }
}
