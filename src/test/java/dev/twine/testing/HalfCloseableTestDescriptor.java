package dev.twine.testing;

import dev.twine.internet.interfaces.IHalfCloseableDescriptor;
import dev.twine.python.Failure;
import java.util.ArrayList;
import java.util.List;

/** A {@link TestDescriptor} whose read and write sides close separately. */
public class HalfCloseableTestDescriptor extends TestDescriptor implements IHalfCloseableDescriptor {
    public final List<Failure> readLost = new ArrayList<>();
    public final List<Failure> writeLost = new ArrayList<>();

    public HalfCloseableTestDescriptor(String name, int fd) {
        super(name, fd);
    }

    @Override
    public void readConnectionLost(Failure reason) {
        readLost.add(reason);
    }

    @Override
    public void writeConnectionLost(Failure reason) {
        writeLost.add(reason);
    }
}
