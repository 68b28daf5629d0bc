"""The explicit detector registry: name -> factory, in one table.

Adding a detector means writing one module and one line here; the engine
never branches on detector names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from detectors.recognizers.address import AddressDetector
from detectors.recognizers.bank_card import BankCardDetector
from detectors.base import Detector
from detectors.recognizers.cn_resident_id import CnResidentIdDetector
from detectors.recognizers.email_address import EmailAddressDetector
from detectors.recognizers.exam_context import ExamContextDetector
from detectors.recognizers.exam_registered import RegisteredExamDetector
from detectors.recognizers.exam_structure import ExamStructureDetector
from detectors.recognizers.ghostwriting import GhostwritingDetector
from detectors.recognizers.passport import PassportDetector
from detectors.recognizers.person import PersonDetector
from detectors.recognizers.phone_number import PhoneNumberDetector
from detectors.resources import Resources
from detectors.structure import StructureDetector
from detectors.recognizers.school import SchoolDetector
from detectors.recognizers.school_class import SchoolClassDetector
from detectors.recognizers.secret import SecretDetector
from detectors.recognizers.sensitive_discipline import SensitiveDisciplineDetector
from detectors.recognizers.sensitive_family import SensitiveFamilyDetector
from detectors.recognizers.sensitive_health import SensitiveHealthDetector
from detectors.recognizers.student_id import StudentIdDetector

__all__ = ["REGISTRY", "DetectorFactory", "create"]

DetectorFactory = Callable[[Resources], Detector]

REGISTRY: Mapping[str, DetectorFactory] = MappingProxyType(
    {
        CnResidentIdDetector.name: lambda r: CnResidentIdDetector(),
        PhoneNumberDetector.name: lambda r: PhoneNumberDetector(),
        EmailAddressDetector.name: lambda r: EmailAddressDetector(),
        BankCardDetector.name: lambda r: BankCardDetector(),
        PassportDetector.name: lambda r: PassportDetector(),
        StudentIdDetector.name: lambda r: StudentIdDetector(r.roster),
        SecretDetector.name: lambda r: SecretDetector(),
        PersonDetector.name: PersonDetector,
        AddressDetector.name: lambda r: AddressDetector(),
        SchoolDetector.name: lambda r: SchoolDetector(),
        SchoolClassDetector.name: lambda r: SchoolClassDetector(),
        SensitiveHealthDetector.name: lambda r: SensitiveHealthDetector(),
        SensitiveFamilyDetector.name: lambda r: SensitiveFamilyDetector(),
        SensitiveDisciplineDetector.name: lambda r: SensitiveDisciplineDetector(),
        RegisteredExamDetector.name: lambda r: RegisteredExamDetector(r.exam_bank, after_embargo=r.exam_after_embargo),
        ExamStructureDetector.name: lambda r: ExamStructureDetector(),
        ExamContextDetector.name: lambda r: ExamContextDetector(),
        StructureDetector.name: lambda r: StructureDetector(r.allow_names),
        GhostwritingDetector.name: lambda r: GhostwritingDetector(),
    }
)


def create(names: list[str] | tuple[str, ...], resources: Resources) -> tuple[Detector, ...]:
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise KeyError(f"unknown detector(s) {unknown}; known: {sorted(REGISTRY)}")
    return tuple(REGISTRY[n](resources) for n in names)
