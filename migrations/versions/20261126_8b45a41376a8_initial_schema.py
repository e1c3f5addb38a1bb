"""Initial schema: sources, aliases, documents, claims, tags, attributions, links, review events.

Revision ID: 8b45a41376a8
Revises:
Create Date: 2026-11-26 10:45:02.257472
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '8b45a41376a8'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('verdict', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('origin_count', sa.Integer(), nullable=False),
    sa.Column('awaiting', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('unsourced', 'single_source', 'corroborated', 'contested', 'refuted')", name=op.f('ck_claims__status_valid')),
    sa.CheckConstraint("verdict IN ('unreviewed', 'accurate', 'mostly_accurate', 'misleading', 'false', 'unproven')", name=op.f('ck_claims__verdict_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims')),
    sa.UniqueConstraint('key', name=op.f('uq_claims__key'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims__status_id'), ['status', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims__updated_at'), ['updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims__verdict_id'), ['verdict', 'id'], unique=False)

    op.create_table('review_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('reviewer', sa.String(length=200), nullable=False),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.CheckConstraint("entity_type IN ('claim', 'attribution', 'source', 'document', 'link')", name=op.f('ck_review_events__entity_type_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_events'))
    )
    with op.batch_alter_table('review_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_events__claim_id_id'), ['claim_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_events__entity_type_entity_id'), ['entity_type', 'entity_id'], unique=False)

    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('affiliation_id', sa.Integer(), nullable=True),
    sa.Column('reliability', sa.String(length=1), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('person', 'organization', 'government_body', 'media_outlet', 'unidentified')", name=op.f('ck_sources__kind_valid')),
    sa.CheckConstraint("reliability IN ('A', 'B', 'C', 'D', 'E', 'F')", name=op.f('ck_sources__reliability_valid')),
    sa.CheckConstraint('affiliation_id IS NULL OR affiliation_id <> id', name=op.f('ck_sources__not_own_affiliation')),
    sa.ForeignKeyConstraint(['affiliation_id'], ['sources.id'], name=op.f('fk_sources__affiliation_id__sources'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('key', name=op.f('uq_sources__key'))
    )
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sources__affiliation_id'), ['affiliation_id'], unique=False)

    op.create_table('claim_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_claim_id', sa.Integer(), nullable=False),
    sa.Column('to_claim_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("relation IN ('duplicate_of', 'contradicts', 'supports', 'refines')", name=op.f('ck_claim_links__relation_valid')),
    sa.CheckConstraint('from_claim_id <> to_claim_id', name=op.f('ck_claim_links__not_self')),
    sa.ForeignKeyConstraint(['from_claim_id'], ['claims.id'], name=op.f('fk_claim_links__from_claim_id__claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_claim_id'], ['claims.id'], name=op.f('fk_claim_links__to_claim_id__claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_links')),
    sa.UniqueConstraint('from_claim_id', 'to_claim_id', 'relation', name=op.f('uq_claim_links__from_claim_id_to_claim_id_relation'))
    )
    with op.batch_alter_table('claim_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_links__from_claim_id'), ['from_claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_links__to_claim_id'), ['to_claim_id'], unique=False)

    op.create_table('claim_tags',
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_tags__claim_id__claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', 'tag', name=op.f('pk_claim_tags'))
    )
    with op.batch_alter_table('claim_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_tags__tag'), ['tag'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=True),
    sa.Column('byline', sa.Text(), nullable=True),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('full_text', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('derived_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('derived_from_id IS NULL OR derived_from_id <> id', name=op.f('ck_documents__not_derived_from_self')),
    sa.ForeignKeyConstraint(['derived_from_id'], ['documents.id'], name=op.f('fk_documents__derived_from_id__documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['outlet_id'], ['sources.id'], name=op.f('fk_documents__outlet_id__sources'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('key', name=op.f('uq_documents__key'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents__content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents__derived_from_id'), ['derived_from_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents__outlet_id'), ['outlet_id'], unique=False)

    op.create_table('source_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_source_aliases__source_id__sources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_aliases')),
    sa.UniqueConstraint('source_id', 'alias', name=op.f('uq_source_aliases__source_id_alias'))
    )
    with op.batch_alter_table('source_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_aliases__source_id'), ['source_id'], unique=False)

    op.create_table('attributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('stance', sa.String(length=32), nullable=False),
    sa.Column('mode', sa.String(length=32), nullable=False),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('relayed_via_id', sa.Integer(), nullable=True),
    sa.Column('credibility', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("mode IN ('direct_quote', 'paraphrase', 'own_observation', 'official_statement', 'anonymous')", name=op.f('ck_attributions__mode_valid')),
    sa.CheckConstraint("stance IN ('asserts', 'denies', 'no_statement', 'declined_to_comment')", name=op.f('ck_attributions__stance_valid')),
    sa.CheckConstraint('credibility BETWEEN 1 AND 6', name=op.f('ck_attributions__credibility_range')),
    sa.CheckConstraint('span_start IS NULL OR span_end IS NULL OR (span_start >= 0 AND span_end >= span_start)', name=op.f('ck_attributions__span_ordered')),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_attributions__claim_id__claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_attributions__document_id__documents'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['relayed_via_id'], ['sources.id'], name=op.f('fk_attributions__relayed_via_id__sources'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_attributions__source_id__sources'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attributions')),
    sa.UniqueConstraint('key', name=op.f('uq_attributions__key'))
    )
    with op.batch_alter_table('attributions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attributions__claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attributions__document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attributions__relayed_via_id'), ['relayed_via_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attributions__source_id'), ['source_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('attributions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attributions__source_id'))
        batch_op.drop_index(batch_op.f('ix_attributions__relayed_via_id'))
        batch_op.drop_index(batch_op.f('ix_attributions__document_id'))
        batch_op.drop_index(batch_op.f('ix_attributions__claim_id'))

    op.drop_table('attributions')
    with op.batch_alter_table('source_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_aliases__source_id'))

    op.drop_table('source_aliases')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents__outlet_id'))
        batch_op.drop_index(batch_op.f('ix_documents__derived_from_id'))
        batch_op.drop_index(batch_op.f('ix_documents__content_hash'))

    op.drop_table('documents')
    with op.batch_alter_table('claim_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_tags__tag'))

    op.drop_table('claim_tags')
    with op.batch_alter_table('claim_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_links__to_claim_id'))
        batch_op.drop_index(batch_op.f('ix_claim_links__from_claim_id'))

    op.drop_table('claim_links')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sources__affiliation_id'))

    op.drop_table('sources')
    with op.batch_alter_table('review_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_events__entity_type_entity_id'))
        batch_op.drop_index(batch_op.f('ix_review_events__claim_id_id'))

    op.drop_table('review_events')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims__verdict_id'))
        batch_op.drop_index(batch_op.f('ix_claims__updated_at'))
        batch_op.drop_index(batch_op.f('ix_claims__status_id'))

    op.drop_table('claims')
