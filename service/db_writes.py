"""Writes on the customer's hot path as single Core statements, past the ORM's unit of work.

On a press the unit of work (sorting, history, per-object bookkeeping) costs more CPU than
the UPDATE it sends. ``store_changes`` writes one object's changed columns itself, the
version counter checked as the mapper would, and tells the ORM they are stored; anything it
cannot write that way (a new object, a changed relationship, other objects changed) goes
through the ordinary flush, so the result is the same either way.
"""

from sqlalchemy import inspect
from sqlalchemy.orm import ColumnProperty
from sqlalchemy.orm.exc import StaleDataError

from service.db import db


def store_changes(instance) -> None:
    """Write ``instance``'s changed columns now, with one UPDATE; or flush if it cannot."""
    session = db.session()
    state = inspect(instance)
    mapper = state.mapper
    changed = list(state.committed_state)
    alone = (
        state.persistent
        and not session.new
        and not session.deleted
        and all(isinstance(mapper.attrs.get(key), ColumnProperty) for key in changed)
        and all(other is instance for other in session.dirty)
    )
    if not alone:
        session.flush()
        return
    if not changed:
        return
    table = mapper.local_table
    values = {mapper.attrs[key].columns[0]: state.dict[key] for key in changed}
    identity = zip(mapper.primary_key, state.key[1], strict=True)
    where = [column == value for column, value in identity]
    counter = mapper.version_id_col
    if counter is not None:
        counter_key = mapper.get_property_by_column(counter).key
        seen = state.dict[counter_key]
        where.append(counter == seen)
        values[counter] = seen + 1
    result = session.connection().execute(table.update().where(*where).values(values))
    if result.rowcount != 1:
        # As the mapper says it: another change got there between our read and this write.
        raise StaleDataError(f"{table.name} {state.key[1]} was changed by another transaction")
    if counter is not None:
        state.dict[counter_key] = seen + 1
    # The values in the object are now what the row holds: nothing left for a flush.
    # (Private, but the very call the unit of work makes after its own UPDATE.)
    state._commit_all(state.dict, session.identity_map)
